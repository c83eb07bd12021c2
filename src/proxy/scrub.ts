// The fal key and the tokens must never reach a response, a log line or an error message; everything we
// print or return that could carry upstream text passes through here. A fal key is `id:secret`, and fal
// may echo either half on its own, so each half is scrubbed too when it is long enough to be the key's
// and not ordinary text.

/** Parts of a key shorter than this are scrubbed only as part of the whole. */
export const MIN_SCRUBBED_PART = 8

export function makeScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const all = new Set<string>()
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < 4) continue
    all.add(secret)
    for (const part of secret.split(':')) if (part.length >= MIN_SCRUBBED_PART) all.add(part)
  }
  // Longest first, so a whole key is one [redacted] rather than two halves around a colon.
  const live = [...all].sort((a, b) => b.length - a.length)
  // Nearly every text holds none of them: a scan per secret, and a copy only for one that is there.
  return (text) => {
    let out = text
    for (const secret of live) if (out.includes(secret)) out = out.split(secret).join('[redacted]')
    return out
  }
}

/**
 * Scrubs a streamed text body (fal's status stream) line by line: a secret never spans a line break, so
 * holding back only the unfinished last line is enough, and every whole event goes out as it arrives.
 */
export function scrubStream(body: ReadableStream<Uint8Array>, scrub: (text: string) => string): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder()
  const encoder = new TextEncoder()
  let pending = ''
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pending += decoder.decode(chunk, { stream: true })
        const cut = pending.lastIndexOf('\n') + 1
        if (cut === 0) return
        controller.enqueue(encoder.encode(scrub(pending.slice(0, cut))))
        pending = pending.slice(cut)
      },
      flush(controller) {
        pending += decoder.decode()
        if (pending) controller.enqueue(encoder.encode(scrub(pending)))
      }
    })
  )
}
