// The `figma` global: what the plugin's main thread calls. Only what is implemented here exists;
// everything else throws through the strict proxy.
import type { HostContext } from './context'
import { MISSING_PERMISSION } from './current-user'
import { implOf } from './nodes/base-node'
import { FrameImpl } from './nodes/frame-node'
import { PageImpl } from './nodes/page-node'
import { RectangleImpl, SectionImpl } from './nodes/shape-nodes'
import type { SceneImpl } from './nodes/scene-node'
import { TextImpl } from './nodes/text-node'
import type { Emitter } from './scheduler'
import type { Session } from './session'
import { asFigmaApi, NotImplementedError } from './strict'
import type { UiChannel } from './ui-channel'

// The plugin listens for selection changes only. Closing is the playground's to model (plugin-scope.ts):
// the plugin never calls closePlugin, and a person closing it ends the run there.
export type HostEvent = 'selectionchange'
const EVENTS = new Set<string>(['selectionchange'])

export interface ApiDeps {
  ctx: HostContext
  events: Emitter<HostEvent>
  ui: UiChannel
  viewport: ViewportAPI
  clientStorage: ClientStorageAPI
  notify(message: string, options: NotificationOptions | undefined): void
  pluginId: string
  command: string
  /** The manifest's `permissions`. */
  permissions: readonly string[]
  /** What figma.currentUser answers for this run. */
  currentUser: User | null
  /** This run: every call through this `figma` acts as it. */
  session: Session
}

const MIXED: unique symbol = Symbol('figma.mixed')

class PluginApiImpl {
  constructor(private readonly _d: ApiDeps) {}

  get editorType(): 'figma' {
    return 'figma'
  }
  get command(): string {
    return this._d.command
  }
  get pluginId(): string {
    return this._d.pluginId
  }
  get mixed(): symbol {
    return MIXED
  }
  get currentUser(): User | null {
    if (!this._d.permissions.includes('currentuser')) throw new Error(MISSING_PERMISSION)
    return this._d.currentUser
  }
  get root(): DocumentNode {
    return this._d.ctx.document._proxy as DocumentNode
  }
  get currentPage(): PageNode {
    return this._d.ctx.currentPage._proxy as PageNode
  }
  // The plugin never switches pages (a person does; see JoinOptions.currentPage). It only adds listeners;
  // the playground removes them when it ends a run (src/playground/page/plugin-scope.ts).
  on(type: HostEvent, callback: () => void): void {
    this._checkEvent('on', type, callback)
    this._d.events.on(type, callback)
  }
  off(type: HostEvent, callback: () => void): void {
    this._checkEvent('off', type, callback)
    this._d.events.off(type, callback)
  }
  _checkEvent(method: string, type: string, callback: unknown): void {
    if (typeof callback !== 'function') throw new Error(`in ${method}: Expected a callback function`)
    if (!EVENTS.has(type)) throw new NotImplementedError(`figma.${method}("${String(type)}")`)
  }

  async getNodeByIdAsync(id: string): Promise<BaseNode | null> {
    if (typeof id !== 'string') throw new Error('in getNodeByIdAsync: Expected "id" to be a string')
    return this._d.ctx.nodes.get(id)?._proxy ?? null
  }

  _create<T extends SceneImpl>(impl: T): T {
    // New nodes go at the end of the current page, at (0, 0).
    const page = this._d.ctx.currentPage
    impl._parent = page
    page._children!.push(impl)
    this._d.ctx.changes.created(impl)
    return impl
  }
  createFrame(): FrameNode {
    return this._create(new FrameImpl(this._d.ctx, this._d.ctx.nextId()))._proxy as FrameNode
  }
  createSection(): SectionNode {
    return this._create(new SectionImpl(this._d.ctx, this._d.ctx.nextId()))._proxy as SectionNode
  }
  createRectangle(): RectangleNode {
    return this._create(new RectangleImpl(this._d.ctx, this._d.ctx.nextId()))._proxy as RectangleNode
  }
  createText(): TextNode {
    return this._create(new TextImpl(this._d.ctx, this._d.ctx.nextId()))._proxy as TextNode
  }

  createImage(data: Uint8Array): Image {
    return this._d.ctx.images.create(data)
  }
  getImageByHash(hash: string): Image | null {
    return this._d.ctx.images.get(hash)
  }
  loadFontAsync(font: FontName): Promise<void> {
    return this._d.ctx.fonts.load(font)
  }

  get viewport(): ViewportAPI {
    return this._d.viewport
  }
  get clientStorage(): ClientStorageAPI {
    return this._d.clientStorage
  }
  get ui(): UIAPI {
    return this._d.ui.figmaUi
  }
  showUI(html: string, options?: ShowUIOptions): void {
    this._d.ui.show(html, options)
  }
  notify(message: string, options?: NotificationOptions): NotificationHandler {
    if (typeof message !== 'string') throw new Error('in notify: Expected "message" to be a string')
    this._d.notify(message, options)
    return { cancel: () => undefined }
  }
}

export function createPluginApi(deps: ApiDeps): PluginAPI {
  const impl = new PluginApiImpl(deps)
  return asFigmaApi<PluginAPI>(impl, {
    label: () => 'figma',
    enter: (fn) => deps.ctx.sessions.act(deps.session, fn)
  })
}
