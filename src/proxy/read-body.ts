// Reads a request body as text with a byte limit, so a huge or endless body is cut off early instead of
// being buffered whole. Over the limit answers 413 before any of it is parsed or forwarded.
import type { IncomingMessage } from 'node:http'

import { jsonError } from './respond'

export type BodyRead = { ok: true; text: string } | { ok: false; response: Response }
export type BytesRead = { ok: true; bytes: Buffer } | { ok: false; response: Response }

/**
 * `incoming`: the Node request under @hono/node-server (`c.env.incoming`), read directly when given. Reading
 * `request.body` instead makes the adapter build a web stream over it (Readable.toWeb), which a CPU profile
 * of submits showed as the route's largest step; the limit and the answers are the same either way.
 */
export async function readLimitedText(request: Request, maxBytes: number, incoming?: IncomingMessage): Promise<BodyRead> {
  const read = incoming ? await readNodeBody(request, incoming, maxBytes) : await readLimitedBytes(request, maxBytes)
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read
}

function bodyTooLarge(maxBytes: number): BytesRead {
  return { ok: false, response: jsonError(413, `The request body is larger than this proxy accepts (${maxBytes} bytes).`) }
}

/**
 * As readLimitedBytes, from the Node request itself. Over the limit it stops reading and leaves the rest to
 * the adapter, which drains what follows the answer within its own bounds (autoCleanupIncoming), so the
 * client gets the 413 rather than a reset connection.
 */
function readNodeBody(request: Request, incoming: IncomingMessage, maxBytes: number): Promise<BytesRead> | BytesRead {
  const declared = Number(request.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > maxBytes) return bodyTooLarge(maxBytes)
  if (incoming.readableEnded) return { ok: true, bytes: Buffer.alloc(0) }
  return new Promise<BytesRead>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (settle: () => void) => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
      incoming.off('close', onClose)
      settle()
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > maxBytes) {
        incoming.pause()
        done(() => resolve(bodyTooLarge(maxBytes)))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => done(() => resolve({ ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }))
    const onError = (error: Error) => done(() => reject(error))
    // Closed before its end: the client went away mid-body, as the web stream would report it.
    const onClose = () => done(() => reject(new Error('The client closed the connection before its request body was complete.')))
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', onError)
    incoming.on('close', onClose)
  })
}

/** The body's exact bytes, for checks that must see what was sent (a webhook's signature covers them). */
export async function readLimitedBytes(request: Request, maxBytes: number): Promise<BytesRead> {
  const tooLarge = (): BytesRead => bodyTooLarge(maxBytes)
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
