// 7. The cast lookup on a large file: 50 pages of 100 frames each (5,000 frames, two `@`-named per page), in the
// in-memory host under dynamic-page. Measured: building the index when the plugin opens on a file without one,
// a keystroke's lookup of a mentioned name through the index (read it, find the name, fetch the one node; the
// first lookup after the index is written also parses it, reported on its own), and the
// refresh after a frame on the current page is renamed. Baseline, in the same run: the naive lookup that
// loads every page and scans it on each keystroke (with findAllWithCriteria, the faster walk, so the
// baseline is not a straw man).
import { createFigmaHost, type DocumentJson, type FrameJson, type PageJson } from '../src/host/figma'
import { nodeRasterizer } from '../src/dev/node-rasterizer'
import { CAST_KEY } from '../src/kling/cast'
import { median, round } from './stats'

export const PAGES = 50
export const FRAMES_PER_PAGE = 100
const RUNS = 15
/** Lookups per run after the first: a designer typing a prompt. */
const KEYSTROKES = 20

export interface CastBench {
  frames: number
  members: number
  buildMs: number
  keystrokeMs: number
  /** The first lookup after the index was written (it is parsed then). */
  firstLookupMs: number
  renameMs: number
  naiveMs: number
  runs: number
}

function largeFile(): DocumentJson {
  const pages: PageJson[] = Array.from({ length: PAGES }, (_, p) => ({
    id: `p${p}`,
    name: `Page ${p + 1}`,
    children: Array.from({ length: FRAMES_PER_PAGE }, (_, f): FrameJson => ({
      type: 'FRAME',
      id: `${p + 10}:${f}`,
      // Two cast members per page; the rest ordinary frames, each with a child, as a real page has.
      name: f < 2 ? `@Person ${p}-${f}` : `Frame ${f}`,
      x: (f % 10) * 120,
      y: Math.floor(f / 10) * 120,
      width: 100,
      height: 100,
      children: [{ type: 'RECTANGLE', id: `${p + 10}:${f}:r`, name: 'Fill', width: 100, height: 100 }]
    }))
  }))
  return { pages }
}

export async function measureCast(): Promise<CastBench> {
  const host = createFigmaHost({ rasterize: nodeRasterizer, document: largeFile() })
  // The main thread's module reads the global `figma`, as in Figma's sandbox.
  ;(globalThis as { figma?: PluginAPI }).figma = host.figma
  const { findCastMember, refreshCastIndexOnOpen, refreshCurrentPage } = await import('../src/main/cast-index')
  const figma = host.figma
  const wanted = `@Person ${PAGES - 1}-1` // on the last page: the naive scan's worst case, the index's any case

  const naive = async (): Promise<SceneNode | undefined> => {
    for (const page of figma.root.children) {
      await page.loadAsync()
      const hit = page.findAllWithCriteria({ types: ['FRAME', 'COMPONENT', 'INSTANCE'] }).find((n) => n.name.trim() === wanted)
      if (hit) return hit
    }
    return undefined
  }
  const time = async (fn: () => unknown): Promise<number> => {
    const start = performance.now()
    await fn()
    return performance.now() - start
  }

  const build: number[] = []
  const keystroke: number[] = []
  const cold: number[] = []
  const rename: number[] = []
  const naiveTimes: number[] = []
  const current = figma.currentPage.children[0] as FrameNode
  for (let run = 0; run < RUNS; run++) {
    figma.root.setPluginData(CAST_KEY, '')
    build.push(await time(() => refreshCastIndexOnOpen()))
    // The first lookup after the index was written parses it; the keystrokes after it reuse that parse.
    cold.push(await time(async () => {
      if (!(await findCastMember(wanted))) throw new Error('the index lost a member')
    }))
    for (let k = 0; k < KEYSTROKES; k++) {
      keystroke.push(await time(async () => {
        if (!(await findCastMember(wanted))) throw new Error('the index lost a member')
      }))
    }
    naiveTimes.push(await time(async () => {
      if (!(await naive())) throw new Error('the naive scan lost a member')
    }))
    current.name = `@Renamed ${run}`
    rename.push(await time(() => refreshCurrentPage()))
  }
  if (!(await findCastMember(`@Renamed ${RUNS - 1}`))) throw new Error('the rename was not indexed')
  delete (globalThis as { figma?: PluginAPI }).figma
  return {
    frames: PAGES * FRAMES_PER_PAGE,
    members: PAGES * 2,
    buildMs: round(median(build), 3),
    keystrokeMs: round(median(keystroke), 3),
    firstLookupMs: round(median(cold), 3),
    renameMs: round(median(rename), 3),
    naiveMs: round(median(naiveTimes), 3),
    runs: RUNS
  }
}
