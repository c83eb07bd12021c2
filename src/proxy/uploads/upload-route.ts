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
import { type ImageType, imageTypeOf } from './image-types'
import { MAX_OPEN_UPLOADS, type SlotClaim, type SlotStore, UPLOAD_ID_PATTERN, UPLOAD_TTL_MS } from './upload-slots'

export const UPLOAD_ROUTE = '/api/fal/upload'

/** Moves checked bytes to where the slot says; answers what the client should see. */
export type UploadSink<T> = (c: Context, target: T, body: CheckedBody) => Promise<Response>

export interface UploadRouteDeps<T> {
  slots: SlotStore<T>
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
    const id = c.req.param('id') ?? ''
    // A malformed id is unknown without asking the store.
    const claim: SlotClaim<T> = UPLOAD_ID_PATTERN.test(id) ? await deps.slots.claim(id, tokenHash) : { ok: false, reason: 'unknown' }
    if (!claim.ok) return refusal(claim.reason)
    // The request log names whose upload this was: the token that started it.
    c.set(CALLER_KEY, claim.slot.token)

    // The store keeps the type as text; only a type the initiate accepted was ever put there.
    const contentType = imageTypeOf(claim.slot.contentType)
    if (contentType === undefined) throw new Error(`upload slot holds a content type this proxy does not accept (${claim.slot.contentType.slice(0, 40)})`)
    const checked = await checkImageBody(c.req.raw, contentType, deps.maxBytes)
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

/** The same answers whichever store held the slot. */
function refusal(reason: Exclude<SlotClaim<unknown>, { ok: true }>['reason']): Response {
  switch (reason) {
    case 'unknown':
      return jsonError(404, 'This upload URL is unknown or was already used (each works once). Upload the image again.')
    case 'expired':
      return jsonError(410, `This upload URL expired (they last ${Math.round(UPLOAD_TTL_MS / 60_000)} minutes). Upload the image again.`)
    case 'other-token':
      return jsonError(403, 'This upload URL was started with another access token. Upload the image again with your own token.')
  }
}

function bearerHash(authorization: string): string {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1]
  return token === undefined ? 'malformed' : hashToken(token)
}

export type IssuedUpload = { ok: true; url: string } | { ok: false; response: Response }

/** Opens a slot and names its upload URL on this proxy: both modes answer a storage initiate with it. */
export async function issueUploadUrl<T>(slots: SlotStore<T>, origin: string, target: T, tokenHash: string, contentType: ImageType): Promise<IssuedUpload> {
  const id = await slots.open({ target, token: tokenHash, contentType, expiresAt: Date.now() + UPLOAD_TTL_MS }, MAX_OPEN_UPLOADS)
  if (id === undefined) return { ok: false, response: jsonError(503, 'Too many uploads are waiting on this proxy. Try again in a few minutes.') }
  return { ok: true, url: `${origin}${UPLOAD_ROUTE}/${id}` }
}

/** The path as logs show it: an upload id is a capability, so it is never written down. */
export function loggedPath(path: string): string {
  return path.startsWith(`${UPLOAD_ROUTE}/`) ? `${UPLOAD_ROUTE}/<id>` : path
}
