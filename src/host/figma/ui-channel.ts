// figma.ui and its other end: what the plugin's UI iframe sends and receives. Messages are
// structured-cloned and delivered asynchronously in both directions, as postMessage does.
import type { Scheduler } from './scheduler'
import { asFigmaApi } from './strict'
import { messageLabel, traced, tracePoint } from './trace'

export interface ShownUi {
  html: string
  options: ShowUIOptions
  visible: boolean
  width: number
  height: number
}

type MessageHandler = (pluginMessage: unknown, props: OnMessageProperties) => void

/** The plugin-facing `figma.ui`. */
class FigmaUiImpl {
  constructor(private readonly _channel: UiChannel) {}
  get onmessage(): MessageHandler | undefined {
    return this._channel.onmessage
  }
  set onmessage(fn: MessageHandler | undefined) {
    if (fn !== undefined && typeof fn !== 'function') throw new Error('in set_onmessage: Expected a function or undefined')
    this._channel.onmessage = fn
  }
  on(type: 'message', fn: MessageHandler): void {
    this._checkType('on', type)
    this._channel.listeners.push({ fn, once: false })
  }
  once(type: 'message', fn: MessageHandler): void {
    this._checkType('once', type)
    this._channel.listeners.push({ fn, once: true })
  }
  off(type: 'message', fn: MessageHandler): void {
    this._checkType('off', type)
    const i = this._channel.listeners.findIndex((l) => l.fn === fn)
    if (i >= 0) this._channel.listeners.splice(i, 1)
  }
  _checkType(method: string, type: string): void {
    if (type !== 'message') throw new Error(`in ui.${method}: Unsupported event type "${String(type)}", only "message" exists`)
  }
  postMessage(pluginMessage: unknown, _options?: UIPostMessageOptions): void {
    this._channel.toUi(pluginMessage)
  }
  show(): void {
    this._channel.requireUi('show').visible = true
  }
  hide(): void {
    this._channel.requireUi('hide').visible = false
  }
  resize(width: number, height: number): void {
    const ui = this._channel.requireUi('resize')
    if (!(width > 0) || !(height > 0)) throw new Error('in ui.resize: Expected a width and height > 0')
    ui.width = Math.round(width)
    ui.height = Math.round(height)
  }
  close(): void {
    this._channel.close()
  }
}

export class UiChannel {
  onmessage: MessageHandler | undefined
  listeners: Array<{ fn: MessageHandler; once: boolean }> = []
  shown: ShownUi | null = null
  closed = false
  /** Everything the plugin posted, in order (for tests). */
  readonly posted: unknown[] = []
  private uiListeners: Array<(message: unknown) => void> = []
  private queue: unknown[] = []
  readonly figmaUi: UIAPI

  constructor(private readonly scheduler: Scheduler, private readonly onError: (error: unknown) => void) {
    this.figmaUi = asFigmaApi<UIAPI>(new FigmaUiImpl(this), { label: () => 'figma.ui' })
  }

  show(html: string, options: ShowUIOptions = {}): void {
    if (typeof html !== 'string') throw new Error('in showUI: Expected "html" to be a string')
    this.shown = { html, options: { ...options }, visible: options.visible ?? true, width: options.width ?? 300, height: options.height ?? 200 }
    this.closed = false
  }

  requireUi(method: string): ShownUi {
    if (!this.shown) throw new Error(`in ui.${method}: No UI is shown; call figma.showUI first`)
    return this.shown
  }

  close(): void {
    this.shown = null
    this.closed = true
    this.queue = []
  }

  /** Plugin → UI. Held until the UI side listens, like messages posted before an iframe loads. */
  toUi(message: unknown): void {
    const copy = traced('clone to UI', () => structuredClone(message), messageLabel(message))
    this.posted.push(copy)
    if (this.uiListeners.length === 0) this.queue.push(copy)
    else this.deliverToUi(copy)
  }

  private deliverToUi(message: unknown): void {
    this.scheduler.later(() => {
      for (const cb of [...this.uiListeners]) this.guarded(() => cb(structuredClone(message)))
    })
  }

  /** UI → plugin: what `parent.postMessage({ pluginMessage }, '*')` does in the iframe. */
  fromUi(pluginMessage: unknown, copied = false): void {
    if (this.closed) throw new Error('The plugin UI is closed; nothing receives this message')
    const label = messageLabel(pluginMessage)
    // Figma clones a UI message once, as postMessage does; one that came out of a real postMessage is that copy.
    const copy = copied ? pluginMessage : traced('clone from UI', () => structuredClone(pluginMessage), label)
    tracePoint('page hands over', label)
    this.scheduler.later(() => {
      tracePoint('main receives', label)
      const props: OnMessageProperties = { origin: 'null' }
      // Each receiver gets its own copy, all taken before any runs (one may change what it got); the
      // first takes `copy` itself (a result image is megabytes, and one more clone of it bought nothing).
      const receivers = [...(this.onmessage ? [this.onmessage] : []), ...this.listeners.map((l) => l.fn)]
      this.listeners = this.listeners.filter((l) => !l.once)
      const copies = receivers.map((_, i) => (i === 0 ? copy : structuredClone(copy)))
      traced('main handler (until its first await)', () => receivers.forEach((fn, i) => this.guarded(() => fn(copies[i], props))), label)
    })
  }

  onUiMessage(cb: (message: unknown) => void): () => void {
    this.uiListeners.push(cb)
    for (const m of this.queue.splice(0)) this.deliverToUi(m)
    return () => {
      this.uiListeners = this.uiListeners.filter((l) => l !== cb)
    }
  }

  private guarded(fn: () => void): void {
    try {
      fn()
    } catch (error) {
      this.onError(error)
    }
  }
}
