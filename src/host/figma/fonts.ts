// Fonts: which fonts exist, which the plugin has loaded, and an approximate text measurement.

export const DEFAULT_FONT: FontName = { family: 'Inter', style: 'Regular' }

export const DEFAULT_FONTS: FontName[] = ['Regular', 'Medium', 'Semi Bold', 'Bold'].map((style) => ({ family: 'Inter', style }))

const key = (font: FontName): string => `${font.family}\u0000${font.style}`

export function isFontName(value: unknown): value is FontName {
  const v = value as FontName | null
  return typeof v === 'object' && v !== null && typeof v.family === 'string' && typeof v.style === 'string'
}

export class FontRegistry {
  private readonly available: Set<string>
  private readonly loaded = new Set<string>()

  constructor(fonts: FontName[] = DEFAULT_FONTS) {
    this.available = new Set(fonts.map(key))
  }

  async load(font: FontName): Promise<void> {
    if (!isFontName(font)) throw new Error('in loadFontAsync: Expected a FontName { family, style }')
    if (!this.available.has(key(font))) throw new Error(`The font "${font.family} ${font.style}" could not be loaded`)
    // Figma fetches the font first: it is usable once the promise resolves, not as soon as it is asked for.
    await new Promise((resolve) => setTimeout(resolve, 0))
    this.loaded.add(key(font))
  }

  isLoaded(font: FontName): boolean {
    return this.loaded.has(key(font))
  }

  /** Figma's wording when a text property is written before its font is loaded. */
  assertLoaded(method: string, font: FontName): void {
    if (this.isLoaded(font)) return
    throw new Error(
      `in ${method}: Cannot write to node with unloaded font "${font.family} ${font.style}". ` +
        `Please call figma.loadFontAsync({ family: "${font.family}", style: "${font.style}" }) and await the promise first.`
    )
  }
}

// Approximation (documented in README of the host): every character is 0.55 × fontSize wide, a line is
// 1.25 × fontSize tall (or the explicit line height), and HEIGHT auto-resize wraps greedily at spaces.
export const CHAR_WIDTH_EM = 0.55
export const LINE_HEIGHT_EM = 1.25

export interface TextLayout {
  lines: string[]
  width: number
  height: number
  lineHeight: number
}

export function layoutText(
  characters: string,
  fontSize: number,
  lineHeight: number | null,
  autoResize: TextNode['textAutoResize'],
  fixedWidth: number,
  fixedHeight: number
): TextLayout {
  const lh = lineHeight ?? fontSize * LINE_HEIGHT_EM
  const charWidth = fontSize * CHAR_WIDTH_EM
  const hardLines = characters.split('\n')
  const lines = autoResize === 'WIDTH_AND_HEIGHT' ? hardLines : hardLines.flatMap((l) => wrap(l, Math.max(1, Math.floor(fixedWidth / charWidth))))
  const naturalWidth = Math.max(0, ...lines.map((l) => l.length)) * charWidth
  const naturalHeight = Math.max(1, lines.length) * lh
  switch (autoResize) {
    case 'WIDTH_AND_HEIGHT':
      return { lines, width: naturalWidth, height: naturalHeight, lineHeight: lh }
    case 'HEIGHT':
      return { lines, width: fixedWidth, height: naturalHeight, lineHeight: lh }
    default:
      return { lines, width: fixedWidth, height: fixedHeight, lineHeight: lh }
  }
}

function wrap(line: string, maxChars: number): string[] {
  if (line.length <= maxChars) return [line]
  const out: string[] = []
  let current = ''
  for (const word of line.split(' ')) {
    let w = word
    while (w.length > maxChars) {
      if (current) { out.push(current); current = '' }
      out.push(w.slice(0, maxChars))
      w = w.slice(maxChars)
    }
    const candidate = current ? `${current} ${w}` : w
    if (candidate.length > maxChars) { out.push(current); current = w }
    else current = candidate
  }
  out.push(current)
  return out
}

export function fontWeight(style: string): number {
  const s = style.toLowerCase().replace(/\s+/g, '')
  if (s.includes('semibold')) return 600
  if (s.includes('extrabold')) return 800
  if (s.includes('bold')) return 700
  if (s.includes('medium')) return 500
  if (s.includes('light')) return 300
  return 400
}
