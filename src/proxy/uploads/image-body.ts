// Checks a reference upload's body as it streams in: the declared type must be an image type and the one
// the upload was started with, the first bytes must be that type's, and the whole must stay under the
// limit. Only the first few bytes are held back; the rest is passed on as it arrives, and a body that
// grows past the limit is cut off there, so nothing beyond it is ever passed on.
import { jsonError } from '../respond'
import { IMAGE_TYPES_TEXT, type ImageType, imageTypeOf, SNIFF_BYTES, sniffImageType } from './image-types'

export interface CheckedBody {
  /** The whole body, the sniffed head included; errors once more than the limit has arrived. */
  stream: ReadableStream<Uint8Array>
  /** From Content-Length, when the caller sent one. */
  length: number | undefined
  contentType: ImageType
  /** True once the stream was cut for passing the limit: the answer is then 413, whatever failed after. */
  tooLarge(): boolean
}

export type BodyCheck = { ok: true; body: CheckedBody } | { ok: false; response: Response }

export function tooLargeResponse(maxBytes: number): Response {
  return jsonError(413, `The image is larger than the ${formatMb(maxBytes)} this proxy accepts per reference. Export the frame smaller and try again.`)
}

export async function checkImageBody(request: Request, startedAs: ImageType, maxBytes: number): Promise<BodyCheck> {
  const refuse = (status: number, message: string): BodyCheck => ({ ok: false, response: jsonError(status, message) })
  const header = request.headers.get('content-type')
  const declared = imageTypeOf(header)
  if (!declared) return refuse(415, `Only ${IMAGE_TYPES_TEXT} images can be uploaded (Content-Type "${header ?? ''}").`)
  if (declared !== startedAs) return refuse(415, `This upload was started as ${startedAs} but sent as ${declared}. Start the upload again with the right type.`)

  const lengthHeader = request.headers.get('content-length')
  const length = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined
  if (length !== undefined && length > maxBytes) return { ok: false, response: tooLargeResponse(maxBytes) }
  if (!request.body) return refuse(415, `The upload is empty: it must be a ${IMAGE_TYPES_TEXT} image.`)

  const reader = request.body.getReader()
  const head: Uint8Array[] = []
  let received = 0
  while (received < SNIFF_BYTES) {
    const { done, value } = await reader.read()
    if (done) break
    received += value.byteLength
    head.push(value)
  }
  if (received > maxBytes) {
    await reader.cancel().catch(() => undefined)
    return { ok: false, response: tooLargeResponse(maxBytes) }
  }
  const sniffed = sniffImageType(concat(head, SNIFF_BYTES))
  if (sniffed !== declared) {
    await reader.cancel().catch(() => undefined)
    return sniffed
      ? refuse(415, `The upload is labelled ${declared} but its bytes are ${sniffed}. Send it with its real type.`)
      : refuse(415, `The upload is labelled ${declared} but its bytes are not a ${IMAGE_TYPES_TEXT} image.`)
  }

  let cut = false
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk)
    },
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) return controller.close()
      received += value.byteLength
      if (received > maxBytes) {
        cut = true
        await reader.cancel().catch(() => undefined)
        return controller.error(new Error(`upload passed the ${maxBytes}-byte limit`))
      }
      controller.enqueue(value)
    },
    cancel: (reason) => reader.cancel(reason)
  })
  return { ok: true, body: { stream, length, contentType: declared, tooLarge: () => cut } }
}

function concat(chunks: readonly Uint8Array[], upTo: number): Uint8Array {
  const out = new Uint8Array(Math.min(upTo, chunks.reduce((n, c) => n + c.byteLength, 0)))
  let at = 0
  for (const chunk of chunks) {
    if (at >= out.length) break
    const part = chunk.subarray(0, out.length - at)
    out.set(part, at)
    at += part.byteLength
  }
  return out
}

function formatMb(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`
}
