// Auto layout as Figma computes it for the properties the plugin uses, in axis-neutral terms:
// "main" is the primary axis (x for HORIZONTAL), "cross" the counter axis. Pure, so it is tested alone.

export interface FlowItem {
  main: number
  cross: number
  /** layoutGrow = 1: takes a share of the free main-axis space (not in wrapped rows). */
  grow: boolean
  /** layoutAlign = STRETCH: as long as its track on the cross axis. */
  stretch: boolean
}

export interface FlowSpec {
  main: number
  cross: number
  hugMain: boolean
  hugCross: boolean
  padMainStart: number
  padMainEnd: number
  padCrossStart: number
  padCrossEnd: number
  gap: number
  crossGap: number
  wrap: boolean
  alignMain: 'MIN' | 'CENTER' | 'MAX' | 'SPACE_BETWEEN'
  alignCross: 'MIN' | 'CENTER' | 'MAX' | 'BASELINE'
  alignContent: 'AUTO' | 'SPACE_BETWEEN'
}

export interface Placed {
  main: number
  cross: number
  mainSize: number
  crossSize: number
}

export interface FlowResult {
  main: number
  cross: number
  items: Placed[]
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

/** Splits items into tracks: a new track starts when the next item would cross the inner length. */
function tracks(items: FlowItem[], spec: FlowSpec, inner: number): number[][] {
  if (!spec.wrap || spec.hugMain) return [items.map((_, i) => i)]
  const out: number[][] = []
  let line: number[] = []
  let used = 0
  items.forEach((item, i) => {
    const next = line.length === 0 ? item.main : used + spec.gap + item.main
    if (line.length > 0 && next > inner + 1e-9) {
      out.push(line)
      line = [i]
      used = item.main
    } else {
      line.push(i)
      used = next
    }
  })
  if (line.length > 0) out.push(line)
  return out
}

function offset(align: 'MIN' | 'CENTER' | 'MAX' | 'BASELINE' | 'SPACE_BETWEEN', free: number): number {
  if (align === 'CENTER') return free / 2
  if (align === 'MAX') return free
  return 0
}

export function flow(items: FlowItem[], spec: FlowSpec): FlowResult {
  const innerMainFixed = spec.main - spec.padMainStart - spec.padMainEnd
  const lines = tracks(items, spec, innerMainFixed)
  const sizes = items.map((it) => ({ main: it.main, cross: it.cross }))

  // Main axis length: hugging sums the (single) track; fixed frames share free space among growers.
  const naturalMain = (line: number[]): number => sum(line.map((i) => sizes[i]!.main)) + spec.gap * Math.max(0, line.length - 1)
  const main = spec.hugMain ? spec.padMainStart + spec.padMainEnd + Math.max(0, ...lines.map(naturalMain)) : spec.main
  const innerMain = main - spec.padMainStart - spec.padMainEnd
  if (!spec.hugMain && !spec.wrap) {
    const growers = items.map((it, i) => (it.grow ? i : -1)).filter((i) => i >= 0)
    if (growers.length > 0) {
      const fixed = sum(items.map((it, i) => (it.grow ? 0 : sizes[i]!.main))) + spec.gap * Math.max(0, items.length - 1)
      const share = Math.max(0.01, (innerMain - fixed) / growers.length)
      for (const i of growers) sizes[i]!.main = share
    }
  }

  // Track thickness: the largest non-stretching item (stretching items follow the track).
  const thickness = lines.map((line) => {
    const rigid = line.filter((i) => !items[i]!.stretch)
    return Math.max(0, ...(rigid.length > 0 ? rigid : line).map((i) => sizes[i]!.cross))
  })
  const stacked = sum(thickness) + spec.crossGap * Math.max(0, lines.length - 1)
  const cross = spec.hugCross ? spec.padCrossStart + spec.padCrossEnd + stacked : spec.cross
  const innerCross = cross - spec.padCrossStart - spec.padCrossEnd
  // Without wrap the one track is the whole inner cross length.
  if (!spec.wrap && lines.length === 1) thickness[0] = innerCross

  let crossAt = spec.padCrossStart
  let trackGap = spec.crossGap
  if (spec.wrap) {
    const free = innerCross - stacked
    if (spec.alignContent === 'SPACE_BETWEEN' && lines.length > 1) trackGap = spec.crossGap + Math.max(0, free) / (lines.length - 1)
    else crossAt += offset(spec.alignCross, free)
  }

  const placed: Placed[] = items.map(() => ({ main: 0, cross: 0, mainSize: 0, crossSize: 0 }))
  lines.forEach((line, t) => {
    const track = thickness[t]!
    const used = naturalMain(line)
    const free = innerMain - used
    let gap = spec.gap
    let at = spec.padMainStart
    if (spec.alignMain === 'SPACE_BETWEEN') {
      if (line.length > 1) gap = (innerMain - sum(line.map((i) => sizes[i]!.main))) / (line.length - 1)
    } else {
      at += offset(spec.alignMain, free)
    }
    for (const i of line) {
      const size = sizes[i]!
      const crossSize = items[i]!.stretch ? track : size.cross
      placed[i] = { main: at, cross: crossAt + offset(spec.alignCross, track - crossSize), mainSize: size.main, crossSize }
      at += size.main + gap
    }
    crossAt += track + trackGap
  })
  return { main, cross, items: placed }
}
