// One run of the plugin by one person. Two designers with the same file open share its document, but each
// has their own current page, selection, loaded pages and loaded fonts, and their own handles on the
// nodes. The host keeps those here, one Session per run, and always knows which run is acting: every
// handle a run holds (its `figma`, its nodes) enters its own session before it reads, writes or calls.
import type { FontRegistry } from './fonts'
import type { NodeImpl } from './nodes/base-node'
import type { PageImpl } from './nodes/page-node'

export class Session {
  /** Set when the document is loaded; every run starts on the document's first page. */
  currentPage!: PageImpl
  /** Pages this run has loaded under dynamic-page (its current page always counts as loaded). */
  readonly loadedPages = new Set<PageImpl>()
  readonly selections = new Map<PageImpl, NodeImpl[]>()
  private readonly handles = new WeakMap<NodeImpl, BaseNode>()

  constructor(
    readonly fonts: FontRegistry,
    /** Runs `fn` as this session: what every one of its handles does on each access. */
    readonly enter: <R>(fn: () => R) => R,
    /** Tells this run's plugin that its selection changed (later, once per burst, as Figma does). */
    readonly selectionChanged: (page: PageImpl) => void
  ) {}

  /** This run's handle on a node: the same object every time, and never another run's. */
  handleOf(node: NodeImpl): BaseNode {
    let handle = this.handles.get(node)
    if (!handle) {
      handle = node._makeHandle(this.enter)
      this.handles.set(node, handle)
    }
    return handle
  }

  /** Starts this run on `page`, with nothing else loaded and nothing selected. */
  reset(page: PageImpl, selection: NodeImpl[] = []): void {
    this.currentPage = page
    this.loadedPages.clear()
    this.loadedPages.add(page)
    this.selections.clear()
    this.selections.set(page, selection)
  }
}

/** Which session is acting. Outside any handle (the host's own test interface) it is the one set last by `act`. */
export class Sessions {
  readonly all: Session[] = []
  private acting: Session | undefined

  get current(): Session {
    if (!this.acting) throw new Error('The host has no plugin run yet')
    return this.acting
  }

  add(session: Session): void {
    this.all.push(session)
    this.acting ??= session
  }

  act<R>(session: Session, fn: () => R): R {
    const previous = this.acting
    this.acting = session
    try {
      return fn()
    } finally {
      this.acting = previous
    }
  }
}
