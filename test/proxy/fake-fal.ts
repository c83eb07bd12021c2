// A stand-in for fal's servers in live-mode tests: it records every call the proxy forwards and answers
// as fal's queue and storage would. Handed to the proxy as `upstreamFetch`; no network is ever used.
// Each storage initiate hands out its own signed upload URL on `uploadOrigin` (which host fal-cdn-v3 really
// names is not established: see build-figma-plugin.manifest.js), and PUTs to it are read and recorded.
export interface UpstreamCall {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
}

/** A PUT that reached one of the fake's upload URLs. */
export interface ReceivedUpload {
  url: string
  headers: Record<string, string>
  /** Every byte that arrived, also when the stream was cut. */
  bytes: Buffer
  /** False when the body stream failed part way (the proxy cut it off). */
  complete: boolean
}

export interface FakeFal {
  calls: UpstreamCall[]
  uploads: ReceivedUpload[]
  /** Upload URLs handed out by storage initiate, in order. */
  uploadUrls: string[]
  /** Origin of the upload URLs it hands out. */
  uploadOrigin: string
  /** Replace the answer to storage initiate (e.g. a body without upload_url). */
  initiateAnswer: (() => Response) | undefined
  /** Replace the answer to upload PUTs (after the body was read). */
  uploadAnswer: (() => Response) | undefined
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
  /** Replace the answer to submits (e.g. a 500), or add a delay so concurrent submits overlap. */
  submitAnswer: (() => Response) | undefined
  /**
   * Replace the answer to cancels. fal answers `{ status }` with OK (removed from the queue, not billed),
   * CANCELLATION_REQUESTED, ALREADY_COMPLETED or NOT_FOUND (fal.ai/docs/inference-api/queue/cancel); the
   * HTTP codes that go with each are not documented there (inferred: 202 for the first two).
   */
  cancelAnswer: (() => Response) | undefined
  /** Replace the answer to any call it returns a Response for (checked first, after recording the call). */
  answer: ((url: string, method: string) => Response | undefined) | undefined
  delayMs: number
}

export function createFakeFal(): FakeFal {
  let next = 0
  let nextUpload = 0
  const fake: FakeFal = {
    calls: [],
    uploads: [],
    uploadUrls: [],
    uploadOrigin: 'https://v3.fal.media',
    initiateAnswer: undefined,
    uploadAnswer: undefined,
    submitAnswer: undefined,
    cancelAnswer: undefined,
    answer: undefined,
    delayMs: 0,
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      const method = (init?.method ?? 'GET').toUpperCase()
      const headers: Record<string, string> = {}
      new Headers(init?.headers as HeadersInit).forEach((value, key) => (headers[key] = value))
      fake.calls.push({ url, method, headers, body: typeof init?.body === 'string' ? init.body : undefined })
      if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs))
      const replaced = fake.answer?.(url, method)
      if (replaced) return replaced
      const u = new URL(url)
      if (u.hostname === 'rest.fal.ai') {
        if (fake.initiateAnswer) return fake.initiateAnswer()
        const n = ++nextUpload
        const uploadUrl = `${fake.uploadOrigin}/upload/obj-${n}?sig=signed-${n}`
        fake.uploadUrls.push(uploadUrl)
        return Response.json({ upload_url: uploadUrl, file_url: `https://v3.fal.media/files/obj-${n}/ref.png` })
      }
      if (url.startsWith(`${fake.uploadOrigin}/upload/`)) {
        const upload: ReceivedUpload = { url, headers, bytes: Buffer.alloc(0), complete: false }
        fake.uploads.push(upload)
        const chunks: Buffer[] = []
        try {
          const body = init?.body
          if (body instanceof ReadableStream) {
            for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk))
          } else if (body !== undefined && body !== null) {
            chunks.push(Buffer.from(await new Response(body as BodyInit).arrayBuffer()))
          }
          upload.complete = true
        } finally {
          upload.bytes = Buffer.concat(chunks)
        }
        return fake.uploadAnswer ? fake.uploadAnswer() : new Response(null, { status: 200 })
      }
      const request = /^\/fal-ai\/kling-image\/requests\/([^/]+)(\/status|\/cancel)?$/.exec(u.pathname)
      if (method === 'POST' && !request) {
        if (fake.submitAnswer) return fake.submitAnswer()
        const id = `req-${++next}`
        const base = `https://queue.fal.run/fal-ai/kling-image/requests/${id}`
        return Response.json(
          { status: 'IN_QUEUE', request_id: id, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel`, queue_position: 0 },
          { headers: { 'x-fal-request-id': id, 'set-cookie': 'fal_session=secret', 'access-control-allow-origin': 'https://fal.ai' } }
        )
      }
      if (request?.[2] === '/status') return Response.json({ status: 'COMPLETED', request_id: request[1], logs: [] })
      if (request?.[2] === '/cancel' && fake.cancelAnswer) return fake.cancelAnswer()
      if (request?.[2] === '/cancel') return Response.json({ status: 'CANCELLATION_REQUESTED' }, { status: 202 })
      if (request) {
        return Response.json(
          { images: [{ url: 'https://v3.fal.media/files/out.png', width: 1024, height: 576, content_type: 'image/png', file_name: 'out.png', file_size: 10 }] },
          { headers: { 'x-fal-request-id': request[1] as string } }
        )
      }
      return Response.json({ detail: 'Not found' }, { status: 404 })
    }
  }
  return fake
}
