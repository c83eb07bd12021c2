// The storage initiate body the client sends ({ content_type, file_name }), checked the same way in both
// modes before anything is reserved or forwarded: only image types may start an upload.
import { z } from 'zod'

import { parseJsonBody } from '../read-body'
import { jsonError, validationError } from '../respond'
import { IMAGE_TYPES, IMAGE_TYPES_TEXT, type ImageType, imageTypeOf } from './image-types'

const initiateBody = z.object({
  content_type: z.string(),
  file_name: z.string().optional()
})

export type InitiateCheck = { ok: true; contentType: ImageType; fileName: string } | { ok: false; response: Response }

export function checkInitiate(bodyText: string): InitiateCheck {
  const json = parseJsonBody(bodyText)
  if (!json.ok) return json
  const parsed = initiateBody.safeParse(json.value)
  if (!parsed.success) {
    return {
      ok: false,
      response: validationError(
        parsed.error.issues.map((i) => ({ loc: ['body', ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], msg: i.message, type: i.code }))
      )
    }
  }
  const contentType = imageTypeOf(parsed.data.content_type)
  if (!contentType) {
    return {
      ok: false,
      response: jsonError(
        415,
        `Only ${IMAGE_TYPES_TEXT} images can be uploaded through this proxy (content_type "${parsed.data.content_type}"). ` +
          `Send the reference as one of ${IMAGE_TYPES.join(', ')}.`
      )
    }
  }
  return { ok: true, contentType, fileName: parsed.data.file_name || 'upload' }
}
