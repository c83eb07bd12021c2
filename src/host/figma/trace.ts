// Spans of the in-memory Figma's own work (clones, createImage's hash, fills, plugin data, the playground's
// redraw), recorded only while a profiler has turned tracing on (bench/overhead.ts, through the playground).
// Off, a traced call costs one check. This is the stand-in's instrument: the plugin's code never sees it.
export interface TraceSpan {
  name: string
  /** What the span was about, e.g. an RPC message's id. */
  detail?: string
  start: number
  end: number
}

let sink: TraceSpan[] | undefined

/** Starts recording into a new list (returned), or stops when `on` is false. */
export function setTracing(on: boolean): TraceSpan[] {
  sink = on ? [] : undefined
  return sink ?? []
}

export function tracedSpans(): TraceSpan[] {
  return sink ?? []
}

export function traced<T>(name: string, fn: () => T, detail?: string): T {
  if (!sink) return fn()
  const spans = sink
  const start = performance.now()
  try {
    return fn()
  } finally {
    spans.push({ name, start, end: performance.now(), ...(detail !== undefined && { detail }) })
  }
}

/** A point in time (a span of no length), e.g. a message handed to the plugin. */
export function tracePoint(name: string, detail?: string): void {
  if (!sink) return
  const t = performance.now()
  sink.push({ name, start: t, end: t, ...(detail !== undefined && { detail }) })
}

/** `RPC_REQUEST:<id>` for Create Figma Plugin's `[name, id, ...]` messages, so spans can be matched to calls. */
export function messageLabel(message: unknown): string | undefined {
  if (!Array.isArray(message) || typeof message[0] !== 'string') return undefined
  return message.length > 1 && (typeof message[1] === 'string' || typeof message[1] === 'number') ? `${message[0]}:${String(message[1])}` : message[0]
}
