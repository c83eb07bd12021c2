// The in-memory Figma document ("host"): a `figma` object for the plugin's main thread, the UI end
// of figma.ui, and a test interface (load, select, snapshot). Runs unchanged in Node and browsers.
import { createClientStorage } from './client-storage'
import { createContext, createIdAllocator, type HostContext } from './context'
import { currentUserOf, DEFAULT_USER, type HostUser, KEYFRAME_PERMISSIONS, KEYFRAME_RELAUNCH_COMMANDS } from './current-user'
import { buildNode, type DocumentJson } from './document-json'
import { FontRegistry } from './fonts'
import { ImageStore } from './image-store'
import type { NodeImpl } from './nodes/base-node'
import { DocumentImpl } from './nodes/document-node'
import { PageImpl } from './nodes/page-node'
import { createPluginApi, type HostEvent } from './plugin-api'
import { changeCount, noteChange } from './strict'
import { exportNode, type ListRasterizer, type Rasterizer } from './render/export-node'
import { renderSvg, type SvgOptions } from './render/svg'
import { Emitter, Scheduler } from './scheduler'
import { Session, Sessions } from './session'
import { NodeChanges } from './node-changes'
import { snapshotNode, type PageSnapshot } from './snapshot'
import { UiChannel } from './ui-channel'
import { createViewport } from './viewport'

export type { DocumentJson, NodeJson, FrameJson, SectionJson, RectangleJson, TextJson, PaintJson, PageJson } from './document-json'
export type { PageSnapshot, NodeSnapshot, FillSnapshot } from './snapshot'
export type { Rasterizer, RasterFormat, ListRasterizer } from './render/export-node'
export type { DisplayList, DrawOp, DisplayImage } from './render/display-list'
export type { SvgOptions } from './render/svg'
export type { HostUser } from './current-user'
export { DEFAULT_USER, KEYFRAME_PERMISSIONS, KEYFRAME_RELAUNCH_COMMANDS } from './current-user'
export { NotImplementedError } from './strict'
export { setTracing, traced, tracedSpans, type TraceSpan } from './trace'

export interface FigmaHostOptions {
  /** Draws an SVG to PNG/JPEG bytes of exactly width × height (sharp in Node, a canvas in browsers). */
  rasterize: Rasterizer
  /**
   * Optional: draws exports from a display list instead (a browser canvas that keeps decoded image fills),
   * so an export does not embed and decode every image again; `rasterize` draws what it declines.
   */
  rasterizeList?: ListRasterizer
  /**
   * The manifest's `permissions`; by default what Keyframe's package.json declares. figma.currentUser
   * throws without "currentuser", as it does in Figma.
   */
  permissions?: readonly string[]
  /** Who runs the plugin (figma.currentUser); `null` when Figma gives no user. DEFAULT_USER by default. */
  user?: HostUser | null
  /** Fonts that exist on this "machine"; Inter Regular, Medium, Semi Bold and Bold by default. */
  fonts?: FontName[]
  pluginId?: string
  /** figma.command: '' for a plain run, or the relaunch button's command that opened the plugin. */
  command?: string
  /** The manifest's relaunchButtons commands; by default what Keyframe's package.json declares. */
  relaunchCommands?: readonly string[]
  /** Pixel size of the canvas area the viewport maps onto. */
  screen?: { width: number; height: number }
  /** Errors thrown by the plugin's event and message handlers; by default rethrown (loudly) after being recorded. */
  onError?: (error: unknown) => void
  document?: DocumentJson
}

export interface Notice {
  message: string
  error: boolean
  timeout?: number
}

/** The plugin UI's end of figma.ui. */
export interface HostUi {
  /**
   * As `parent.postMessage({ pluginMessage }, '*')` in the iframe: reaches figma.ui.onmessage asynchronously.
   * `copied`: the message is already the receiver's own copy (it came out of a real postMessage, which
   * cloned it and refused what cannot be cloned), so it is not cloned a second time.
   */
  send(pluginMessage: unknown, options?: { copied?: boolean }): void
  /** Create Figma Plugin's `emit(name, ...args)` from the UI: sends `[name, ...args]`. */
  emit(name: string, ...args: unknown[]): void
  /** Receives what the plugin posts with figma.ui.postMessage (held until someone listens). */
  onMessage(callback: (pluginMessage: unknown) => void): () => void
  /** Create Figma Plugin's `on(name, handler)` in the UI: messages shaped `[name, ...args]`. */
  on(name: string, handler: (...args: never[]) => void): () => void
  /** Everything the plugin posted so far. */
  readonly posted: unknown[]
  readonly shown: boolean
  readonly html: string | undefined
  readonly options: ShowUIOptions | undefined
  readonly visible: boolean
  readonly width: number
  readonly height: number
  readonly closed: boolean
}

export interface FigmaHost {
  figma: PluginAPI
  ui: HostUi
  /** Replaces the document; handles the plugin held before read as removed. */
  load(doc: DocumentJson): void
  /** Selects nodes on the current page as the user would (fires selectionchange). */
  select(namesOrIds: string[]): void
  snapshot(): PageSnapshot
  /**
   * Moves whenever what this host shows may have changed (any write or non-read call through the API, load,
   * select; also another host's in this realm): unmoved, snapshot() and renderSvg() would give the same as before.
   */
  changeCount(): number
  /** SVG of a node, or of the current page when none is given. */
  renderSvg(node?: BaseNode, options?: SvgOptions): string
  readonly notifications: string[]
  readonly notices: Notice[]
  readonly clientStorage: Map<string, unknown>
  /** Every area figma.viewport.scrollAndZoomIntoView was asked to show. */
  readonly viewportHistory: Rect[]
  readonly errors: unknown[]
  /** Resolves when every deferred event and message has been delivered. */
  idle(): Promise<void>
  /**
   * Someone else opens the same file and runs the same plugin: a host of their own (their `figma`,
   * user, current page, selection, loaded pages and fonts, UI and clientStorage) on this document.
   * What either run changes in the document the other sees at once; the host does not model
   * multiplayer's delay, so code must not rely on one run seeing the other's change late or early.
   */
  join(options?: JoinOptions): FigmaHost
}

/** What differs for a second person running the plugin on the same file; the plugin and its manifest do not. */
export interface JoinOptions extends Pick<FigmaHostOptions, 'user' | 'fonts' | 'screen' | 'onError'> {
  /** The page this person has open (id or name); the document's first page by default. */
  currentPage?: string
  /**
   * Their clientStorage: pass an earlier run's `host.clientStorage` when the same person on the same
   * machine opens the plugin again. A new, empty one by default (another person or machine).
   */
  clientStorage?: Map<string, unknown>
}

/** The document and what every run on it shares. */
interface SharedDocument {
  ctx: HostContext
  images: ImageStore
  scheduler: Scheduler
  plugin: Pick<FigmaHostOptions, 'permissions' | 'pluginId' | 'command'>
  nextSessionId: number
  /** False until the first load: the first run opens before there is a document to open it on. */
  loaded: boolean
  /** Replaces the document for every run; each starts again on the first page. */
  replace(doc: DocumentJson): void
}

export function createFigmaHost(options: FigmaHostOptions): FigmaHost {
  const shared = createSharedDocument(options)
  const host = openRun(shared, options)
  host.load(options.document ?? { children: [] })
  return host
}

function createSharedDocument(options: FigmaHostOptions): SharedDocument {
  const scheduler = new Scheduler()
  const images = new ImageStore()
  const nodes = new Map<string, NodeImpl>()
  const sessions = new Sessions()
  const ctx = createContext(
    {
      images,
      scheduler,
      relaunchCommands: options.relaunchCommands ?? KEYFRAME_RELAUNCH_COMMANDS,
      nodes,
      nextId: createIdAllocator(nodes),
      changes: new NodeChanges(scheduler, sessions),
      exportNode: (node, settings) => exportNode(node, settings, images, options.rasterize, options.rasterizeList)
    },
    sessions
  )
  return {
    ctx,
    images,
    scheduler,
    plugin: { permissions: options.permissions, pluginId: options.pluginId, command: options.command },
    nextSessionId: 1,
    loaded: false,
    replace(doc) {
      for (const n of nodes.values()) n._removed = true
      nodes.clear()
      const document = new DocumentImpl(ctx, doc.name ?? 'Untitled')
      ctx.document = document
      this.loaded = true
      const pages = doc.pages ?? [{ name: 'Page 1', children: doc.children ?? [] }]
      pages.forEach((pj, i) => {
        const page = new PageImpl(ctx, pj.id ?? `0:${i + 1}`, pj.name ?? `Page ${i + 1}`)
        page._parent = document
        document._children!.push(page)
        for (const [k, v] of Object.entries(pj.pluginData ?? {})) page._data.set(k, v)
        for (const child of pj.children ?? []) buildNode(ctx, page, child)
      })
      for (const [k, v] of Object.entries(doc.pluginData ?? {})) document._data.set(k, v)
      ctx.changes.discard()
      for (const session of sessions.all) session.reset(document._children![0] as PageImpl)
    }
  }
}

/** One person's run of the plugin on the shared document. */
function openRun(shared: SharedDocument, options: Omit<FigmaHostOptions, 'rasterize'> & JoinOptions): FigmaHost {
  const { ctx, scheduler, images } = shared
  const sessions = ctx.sessions
  const events = new Emitter<HostEvent>()
  const errors: unknown[] = []
  const notices: Notice[] = []
  const notifications: string[] = []
  const storage = options.clientStorage ?? new Map<string, unknown>()
  const onError = (error: unknown): void => {
    errors.push(error)
    if (options.onError) options.onError(error)
    else setTimeout(() => { throw error }, 0)
  }
  let selectionPending = false

  const session: Session = new Session(
    new FontRegistry(options.fonts),
    (fn) => sessions.act(session, fn),
    (page) => {
      if (page !== session.currentPage || selectionPending) return
      selectionPending = true
      // Figma tells the plugin later, once per burst of changes.
      scheduler.later(() => {
        selectionPending = false
        guarded(() => events.emit('selectionchange'))
      })
    }
  )
  sessions.add(session)
  if (shared.loaded) {
    const pages = ctx.document._children as PageImpl[]
    const wanted = options.currentPage
    const page = wanted === undefined ? pages[0] : pages.find((p) => p._id === wanted || p._name === wanted)
    if (!page) throw new Error(`No page with id or name "${String(wanted)}" in the document`)
    session.reset(page)
  }
  const asThisRun = <R>(fn: () => R): R => sessions.act(session, fn)

  const guarded = (fn: () => void): void => {
    try {
      fn()
    } catch (error) {
      onError(error)
    }
  }

  const ui = new UiChannel(scheduler, onError)
  const viewport = createViewport(options.screen ?? { width: 1440, height: 900 })
  const figma = createPluginApi(
    {
      ctx,
      events,
      ui,
      viewport: viewport.api,
      clientStorage: createClientStorage(storage),
      pluginId: shared.plugin.pluginId ?? 'keyframe-host',
      command: shared.plugin.command ?? '',
      permissions: shared.plugin.permissions ?? KEYFRAME_PERMISSIONS,
      currentUser: currentUserOf(options.user === undefined ? DEFAULT_USER : options.user, shared.nextSessionId++),
      session,
      notify(message, opts) {
        // Figma shows at most 100 characters and truncates the rest.
        const shown = message.slice(0, 100)
        notifications.push(shown)
        notices.push({ message: shown, error: opts?.error === true, timeout: opts?.timeout })
      }
    }
  )

  function load(doc: DocumentJson): void {
    noteChange()
    const hadSelection = asThisRun(() => (ctx.currentPage?._selection.length ?? 0) > 0)
    shared.replace(doc)
    asThisRun(() => {
      const selection = resolve(doc.selection ?? [])
      ctx.currentPage._selection = selection
      // The selected nodes went with the old document: Figma tells a running plugin when its selection
      // changes that way, and a plugin not told would act on nodes that are gone.
      if (hadSelection || selection.length > 0) ctx.selectionChanged(ctx.currentPage)
    })
  }

  function resolve(namesOrIds: string[]): NodeImpl[] {
    const page = ctx.currentPage
    const all: NodeImpl[] = []
    const walk = (n: NodeImpl): void => {
      for (const c of n._children ?? []) {
        all.push(c)
        walk(c)
      }
    }
    walk(page)
    return namesOrIds.map((key) => {
      const byId = all.find((n) => n._id === key)
      if (byId) return byId
      const named = all.filter((n) => (n._proxy as SceneNode).name === key)
      if (named.length === 1) return named[0]!
      throw new Error(named.length === 0 ? `No node with id or name "${key}" on the current page` : `${named.length} nodes are named "${key}"; select by id`)
    })
  }

  const hostUi: HostUi = {
    send: (message, options) => ui.fromUi(message, options?.copied === true),
    emit: (name, ...args) => ui.fromUi([name, ...args]),
    onMessage: (cb) => ui.onUiMessage(cb),
    on: (name, handler) =>
      ui.onUiMessage((m) => {
        if (Array.isArray(m) && m[0] === name) (handler as (...a: unknown[]) => void)(...m.slice(1))
      }),
    get posted() { return ui.posted },
    get shown() { return ui.shown !== null },
    get html() { return ui.shown?.html },
    get options() { return ui.shown?.options },
    get visible() { return ui.shown?.visible ?? false },
    get width() { return ui.shown?.width ?? 0 },
    get height() { return ui.shown?.height ?? 0 },
    get closed() { return ui.closed }
  }

  return {
    figma,
    ui: hostUi,
    load,
    select(namesOrIds) {
      noteChange()
      asThisRun(() => ctx.currentPage._setSelection(resolve(namesOrIds)))
    },
    changeCount,
    snapshot() {
      return asThisRun(() => {
        const page = ctx.currentPage
        return {
          type: 'PAGE' as const,
          id: page._id,
          name: page._name,
          selection: page._selection.map((n) => n._id),
          pluginData: page._data.keys(),
          children: page._children!.map((c) => snapshotNode(c, images))
        }
      })
    },
    renderSvg: (node, opts) => asThisRun(() => renderSvg(node ?? (ctx.currentPage._proxy as PageNode), images, opts)),
    notifications,
    notices,
    clientStorage: storage,
    viewportHistory: viewport.history,
    errors,
    idle: () => scheduler.idle(),
    join: (joinOptions = {}) => openRun(shared, { ...joinOptions, ...shared.plugin })
  }
}
