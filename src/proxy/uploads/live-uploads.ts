// Live mode's side of reference uploads. The storage initiate is forwarded to fal as any other call, but
// the upload_url fal returns is kept here and the client is given one on this proxy instead, so the bytes
// never have to reach a host the plugin's manifest does not list. The PUT that arrives there (at any
// instance: the slot is in the shared store) is streamed on to exactly that URL of fal's, and nowhere else.
// fal's URL is signed, a capability of its own: the store keeps it only until the slot is used or expires,
// and it is never written to a log or an error message. file_url stays fal's.
import type { Context } from 'hono'
import { z } from 'zod'

import { callerOf } from '../fal-route'
import type { Forward } from '../live-handler'
import { jsonError } from '../respond'
import type { UploadStore } from '../store/proxy-store'
import type { FetchLike } from '../upstream-fetch'
import { checkInitiate } from './initiate-request'
import { uploadOrigin } from './upload-origin'
import { issueUploadUrl, type UploadSink } from './upload-route'
import { errorMessage } from '../../error-message'

/** A reference of at most 10 MB has this long to reach fal's storage. */
export const UPLOAD_TIMEOUT_MS = 120_000

const falInitiateAnswer = z.looseObject({ upload_url: z.url({ protocol: /^https$/ }), file_url: z.string().min(1) })

export interface LiveUploadDeps {
  forward: Forward
  /** The proxy's store: every instance sees a slot, whichever one opened it. */
  slots: UploadStore
  publicUrl: string | undefined
  scrub: (text: string) => string
  log: (line: string) => void
  upstreamFetch?: FetchLike | undefined
}

/** Storage initiate: checked here, forwarded to fal, answered with an upload URL on this proxy. */
export function liveInitiate(deps: LiveUploadDeps) {
  return async (c: Context, bodyText: string): Promise<Response> => {
    const request = checkInitiate(bodyText)
    if (!request.ok) return request.response
    const origin = uploadOrigin(c, deps.publicUrl)

    const response = await deps.forward(c, bodyText)
    if (!response.ok) return response
    const answer = falInitiateAnswer.safeParse(await response.json().catch(() => undefined))
    if (!answer.success) {
      deps.log(`storage initiate: fal's answer had no usable https upload_url (${answer.error.issues.map((i) => i.path.join('.')).join(', ')})`)
      return jsonError(502, "fal's storage answered without an upload URL the proxy can use. Try again in a moment.")
    }
    const upload = await issueUploadUrl(deps.slots, origin, answer.data.upload_url, callerOf(c), request.contentType)
    if (!upload.ok) return upload.response

    const headers = new Headers(response.headers)
    headers.delete('content-length')
    headers.delete('content-encoding')
    return Response.json({ ...answer.data, upload_url: upload.url }, { status: response.status, headers })
  }
}

/** Streams checked bytes to the upload URL fal gave for this slot. No key or token goes with them. */
export function liveUploadSink(deps: Pick<LiveUploadDeps, 'scrub' | 'log' | 'upstreamFetch'>): UploadSink<string> {
  const upstream = deps.upstreamFetch ?? ((input, init) => fetch(input, init))
  return async (_c, falUploadUrl, body) => {
    const headers: Record<string, string> = { 'content-type': body.contentType }
    if (body.length !== undefined) headers['content-length'] = String(body.length)
    let response: Response
    try {
      response = await upstream(falUploadUrl, {
        method: 'PUT',
        headers,
        body: body.stream,
        // A stream body is sent once; a redirect would also mean sending it somewhere fal did not name.
        redirect: 'error',
        signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
        duplex: 'half'
      } as RequestInit)
    } catch (error) {
      if (body.tooLarge()) throw error
      deps.log(`upload to fal's storage failed: ${deps.scrub(errorMessage(error))}`)
      return jsonError(502, "The proxy could not pass the image on to fal's storage. Try again in a moment.")
    }
    if (!response.ok) {
      const text = deps.scrub((await response.text().catch(() => '')).slice(0, 300))
      deps.log(`fal's storage refused an upload: HTTP ${response.status} ${text}`)
      return jsonError(502, `fal's storage refused the upload (HTTP ${response.status}). Try again; if it keeps failing, the proxy's log has fal's answer.`)
    }
    await response.body?.cancel().catch(() => undefined)
    return new Response(null, { status: 200 })
  }
}
