// PUT <proxy>/api/fal/upload/<id>: where the plugin's reference bytes arrive, in both modes. The id must be
// a live slot from a storage initiate; the body must be the image type that initiate declared and within
// the size limit; only then is it handed to the mode's sink (fal's own upload URL live, a file offline).
// @fal-ai/client sends this PUT without its request middleware, so it carries no token: the id itself is
// the capability, as fal's signed URL is. A caller that does send a token must send the one that started it.
import type { Context } from 'hono'

import { hashToken } from '../auth'
import { CALLER_KEY } from '../fal-route'
import { jsonError } from '../respond'
import { type CheckedBody, checkImageBody, tooLargeResponse } from './image-body'
import type { ImageType } from './image-types'
import type { UploadSlots } from './upload-slots'

export const UPLOAD_ROUTE = '/api/fal/upload'

/** Moves checked bytes to where the slot says; answers what the client should see. */
export type UploadSink<T> = (c: Context, target: T, body: CheckedBody) => Promise<Response>

export interface UploadRouteDeps<T> {
  slots: UploadSlots<T>
  tokens: readonly string[]
  maxBytes: number
  sink: UploadSink<T>
}

export function uploadRoute<T>(deps: UploadRouteDeps<T>) {
  const handle = receive(deps)
  return async (c: Context): Promise<Response> => {
    const response = await handle(c)
    // A refusal usually leaves part of the body unread, and the server then drops the connection; saying
    // so keeps the client from sending its next request down a connection that is about to close.
    if (!response.ok) response.headers.set('connection', 'close')
    return response
  }
}

function receive<T>(deps: UploadRouteDeps<T>) {
  return async (c: Context): Promise<Response> => {
    // The id is looked up before any token: this route never tells a right token from a wrong one, so it
    // cannot be used to guess tokens past fal-route's throttle. A token sent here only has to match the slot's.
    const authorization = c.req.header('authorization')
    const tokenHash = authorization === undefined || deps.tokens.length === 0 ? undefined : bearerHash(authorization)
    const claim = deps.slots.claim(c.req.param('id') ?? '', tokenHash)
    if (!claim.ok) return jsonError(claim.status, claim.message)
    // The request log names whose upload this was: the token that started it.
    c.set(CALLER_KEY, claim.slot.tokenHash)

    const checked = await checkImageBody(c.req.raw, claim.slot.contentType, deps.maxBytes)
    if (!checked.ok) return checked.response
    const { body } = checked
    try {
      const response = await deps.sink(c, claim.slot.target, body)
      return body.tooLarge() ? tooLargeResponse(deps.maxBytes) : response
    } catch (error) {
      if (body.tooLarge()) return tooLargeResponse(deps.maxBytes)
      throw error
    }
  }
}

function bearerHash(authorization: string): string {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1]
  return token === undefined ? 'malformed' : hashToken(token)
}

export type IssuedUpload = { ok: true; url: string } | { ok: false; response: Response }

/** Opens a slot and names its upload URL on this proxy: both modes answer a storage initiate with it. */
export function issueUploadUrl<T>(slots: UploadSlots<T>, origin: string, target: T, tokenHash: string, contentType: ImageType): IssuedUpload {
  const id = slots.open(target, tokenHash, contentType)
  if (id === undefined) return { ok: false, response: jsonError(503, 'Too many uploads are waiting on this proxy. Try again in a few minutes.') }
  return { ok: true, url: `${origin}${UPLOAD_ROUTE}/${id}` }
}

/** The path as logs show it: an upload id is a capability, so it is never written down. */
export function loggedPath(path: string): string {
  return path.startsWith(`${UPLOAD_ROUTE}/`) ? `${UPLOAD_ROUTE}/<id>` : path
}
