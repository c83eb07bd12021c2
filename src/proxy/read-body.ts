// Reads a request body as text with a byte limit, so a huge or endless body is cut off early instead of
// being buffered whole. Over the limit answers 413 before any of it is parsed or forwarded.
import { jsonError } from './respond'

export type BodyRead = { ok: true; text: string } | { ok: false; response: Response }
export type BytesRead = { ok: true; bytes: Buffer } | { ok: false; response: Response }

export async function readLimitedText(request: Request, maxBytes: number): Promise<BodyRead> {
  const read = await readLimitedBytes(request, maxBytes)
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read
}

/** The body's exact bytes, for checks that must see what was sent (a webhook's signature covers them). */
export async function readLimitedBytes(request: Request, maxBytes: number): Promise<BytesRead> {
  const tooLarge = (): BytesRead => ({
    ok: false,
    response: jsonError(413, `The request body is larger than this proxy accepts (${maxBytes} bytes).`)
  })
  const declared = Number(request.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge()
  if (!request.body) return { ok: true, bytes: Buffer.alloc(0) }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      return tooLarge()
    }
    chunks.push(value)
  }
  return { ok: true, bytes: Buffer.concat(chunks) }
}

/** Parses JSON, answering fal's 422 shape for a body that is not JSON (as FastAPI does). */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; response: Response } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return {
      ok: false,
      response: Response.json({ detail: [{ loc: ['body'], msg: 'The request body is not valid JSON.', type: 'json_invalid' }] }, { status: 422 })
    }
  }
}
