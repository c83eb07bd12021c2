// The playground page: the in-memory Figma document drawn on the left, the built plugin running on it the
// way Figma runs it, and `window.playground`, the interface the end-to-end tests drive.
import { createFigmaHost, type DocumentJson, type PageSnapshot, setTracing, type TraceSpan, tracedSpans } from '../../host/figma'
import { CanvasView } from './canvas-view'
import { createPluginRunner } from './plugin-runner'
import { createListRasterizer } from './list-rasterizer'
import { browserRasterizer } from './rasterize'
import { starterDocument } from './starter-document'
import { type Theme, themeFromSearch } from './theme'
import { showToast } from './toasts'
import { errorMessage } from '../../error-message'

declare global {
  interface Window {
    /** The playground's controls, for the e2e tests and the benchmarks. */
    playground: PlaygroundApi
  }
}

export interface PlaygroundApi {
  /** Resolves once the starter document is loaded and the plugin's UI is ready (rejects if it could not start). */
  readonly ready: Promise<void>
  /** True while the current plugin run's UI is loaded and talking to its main thread. */
  readonly uiReady: boolean
  readonly pluginOpen: boolean
  load(doc: DocumentJson): void
  loadStarter(): Promise<void>
  select(namesOrIds: string[]): void
  snapshot(): PageSnapshot
  /** Plugin data of a node (all keys and values), e.g. a panel's provenance. */
  pluginData(id: string): Promise<Record<string, string>>
  /** Moves a node (within its parent), as a designer dragging it on the canvas would. */
  move(id: string, x: number, y: number): Promise<void>
  /** Adds a text layer on the current page, as a designer typing a new beat would; resolves to its id. */
  addText(name: string, characters: string, x: number, y: number): Promise<string>
  /** Window coordinates of a top-level node's centre on the drawn canvas, to click it. */
  pointOf(nameOrId: string): { x: number; y: number }
  openPlugin(): Promise<void>
  closePlugin(): void
  /** Figma's theme the plugin window is shown in (`?theme=dark` in the URL, or the toolbar's toggle). */
  readonly theme: Theme
  /** Switches the theme; an open plugin is opened again in it (resolves when its UI is ready). */
  setTheme(theme: Theme): Promise<void>
  notifications(): string[]
  /** The global names the running plugin's main.js was given (Figma's sandbox globals only). */
  sandboxGlobals(): string[]
  /** `typeof` each name as code running in that sandbox sees it. */
  sandboxTypeOf(names: string[]): Record<string, string>
  /** Errors the plugin's main thread threw in its handlers, as text. */
  errors(): string[]
  /** Starts (or stops) recording spans of the in-memory Figma's own work (bench/overhead.ts). */
  trace(on: boolean): void
  /** The spans recorded since tracing was turned on, in `performance.timeOrigin + performance.now()` time. */
  traceSpans(): TraceSpan[]
}

const $ = (id: string): HTMLElement => document.getElementById(id)!
const toasts = $('toasts')
const fail = (error: unknown): void => {
  console.error(error)
  showToast(toasts, { message: errorMessage(error), error: true, timeout: 10_000 })
}

const canvasEl = $('canvas')
const host = createFigmaHost({
  rasterize: browserRasterizer,
  // Figma's native export does not re-decode the file's images each time; the SVG path would (base64 in an SVG).
  rasterizeList: createListRasterizer().rasterize,
  screen: { width: canvasEl.clientWidth || 1200, height: canvasEl.clientHeight || 800 },
  onError: fail
})
// The plugin talks to the proxy that served this page, so it needs no settings here.
host.clientStorage.set('keyframe.settings', { proxyUrl: `${location.origin}/api/fal/proxy`, token: '' })

let theme: Theme = 'light'
try {
  theme = themeFromSearch(location.search)
} catch (error) {
  fail(error)
}

const view = new CanvasView(host, canvasEl)
const runner = createPluginRunner(host, $('plugin'), $('plugin-title'), fail, () => theme)

// Figma restyles a running plugin's iframe in place; this page cannot reach into the sandboxed
// (cross-origin) iframe, so it opens the plugin again in the new theme. The canvas stays light.
function setTheme(next: Theme): Promise<void> {
  theme = next
  const url = new URL(location.href)
  url.searchParams.set('theme', next)
  history.replaceState(null, '', url)
  showTheme()
  return runner.running ? runner.open() : Promise.resolve()
}

function showTheme(): void {
  $('theme').setAttribute('aria-pressed', String(theme === 'dark'))
}
showTheme()
let shownNotices = 0

function frame(): void {
  runner.sync()
  view.refresh()
  for (const notice of host.notices.slice(shownNotices)) showToast(toasts, notice)
  shownNotices = host.notices.length
  ;($('open-plugin') as HTMLButtonElement).disabled = runner.running
  ;($('close-plugin') as HTMLButtonElement).disabled = !runner.running
  requestAnimationFrame(frame)
}

async function loadStarter(): Promise<void> {
  host.load(await starterDocument())
  view.refresh()
}

const started = loadStarter().then(() => runner.open())

const api: PlaygroundApi = {
  get ready() {
    return started.then(() => runner.ready())
  },
  get uiReady() {
    return runner.uiReady
  },
  get pluginOpen() {
    return runner.running
  },
  load(doc) {
    host.load(doc)
    view.refresh()
  },
  loadStarter,
  select(namesOrIds) {
    host.select(namesOrIds)
    view.refresh()
  },
  snapshot: () => host.snapshot(),
  async pluginData(id) {
    const node = await host.figma.getNodeByIdAsync(id)
    if (!node) throw new Error(`No node with id "${id}"`)
    return Object.fromEntries(node.getPluginDataKeys().map((key) => [key, node.getPluginData(key)]))
  },
  async move(id, x, y) {
    const node = await host.figma.getNodeByIdAsync(id)
    if (!node || !('x' in node)) throw new Error(`No movable node with id "${id}"`)
    node.x = x
    node.y = y
    view.refresh()
  },
  async addText(name, characters, x, y) {
    await host.figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
    const text = host.figma.createText()
    text.name = name
    text.fontSize = 16
    text.characters = characters
    text.resize(250, text.height)
    text.textAutoResize = 'HEIGHT'
    text.x = x
    text.y = y
    view.refresh()
    return text.id
  },
  pointOf(nameOrId) {
    view.refresh()
    const node = host.snapshot().children.find((n) => n.id === nameOrId) ?? host.snapshot().children.find((n) => n.name === nameOrId)
    if (!node) throw new Error(`No top-level node named or with id "${nameOrId}"`)
    return view.pointOf(node.id)
  },
  openPlugin: () => runner.open(),
  closePlugin: () => runner.close(),
  get theme() {
    return theme
  },
  setTheme,
  notifications: () => [...host.notifications],
  sandboxGlobals: () => runner.sandboxGlobals,
  sandboxTypeOf: (names) => runner.sandboxTypeOf(names),
  errors: () => host.errors.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))),
  trace: (on) => void setTracing(on),
  traceSpans: () => tracedSpans().map((s) => ({ ...s, start: performance.timeOrigin + s.start, end: performance.timeOrigin + s.end }))
}
window.playground = api

$('open-plugin').addEventListener('click', () => void runner.open())
$('close-plugin').addEventListener('click', () => runner.close())
$('plugin-x').addEventListener('click', () => runner.close())
$('theme').addEventListener('click', () => void setTheme(theme === 'dark' ? 'light' : 'dark').catch(fail))
$('reset-document').addEventListener('click', () => void loadStarter().catch(fail))
requestAnimationFrame(frame)
