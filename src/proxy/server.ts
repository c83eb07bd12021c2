// The proxy server: one Hono app for both modes, and a Node listener around it. Live mode forwards to fal
// through @fal-ai/server-proxy; offline mode answers fal's protocol itself. `mount` lets another module
// (the playground) add its own routes to the same server.
import type { Server, ServerOptions } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

import { serve } from '@hono/node-server'
import { Hono } from 'hono'

import { PROXY_PATH, USAGE_PATH } from '../manifest-hosts.js'
import { hashToken } from './auth'
import { Budget } from './budget'
import { mediaExpiresAt } from './media-lifecycle'
import { type ProxyOptions, resolveOptions, type ResolvedOptions, isLoopback, tokenLabel } from './config'
import { capConnections } from './connection-caps'
import { cors } from './cors'
import { Drain } from './drain'
import { EdgeLimits } from './edge-limits'
import { type FalBackend, falRoute } from './fal-route'
import { hostCheck } from './host-check'
import { createLiveForwarder } from './live-handler'
import { FILES_PATH } from './offline/generate'
import { FILE_RETENTION_MS } from './offline/file-store'
import { OfflineService } from './offline/service'
import { originCheck } from './origin-check'
import { jsonLog, type ProxyLog, requestLog } from './request-log'
import { jsonError } from './respond'
import { createLiveQueueReader, type FalQueueReader } from './results/fal-queue-reader'
import { createOfflineQueueReader } from './results/offline-queue-reader'
import { deliveryKeeper } from './results/delivery-keeper'
import { createJwksSource } from './results/jwks'
import { ResultKeeper } from './results/result-keeper'
import { createWebhookVerifier } from './results/webhook-signature'
import { FAL_WEBHOOK_PATH, falWebhookHandler } from './results/webhook-route'
import { clientAddress, RateLimiter, tooManyRequests } from './rate-limit'
import { makeScrubber } from './scrub'
import { assertWritableDir, operatorMessage, StorageError, StorageHealth } from './storage-health'
import { openStore } from './store/open-store'
import type { ProxyStore } from './store/proxy-store'
import { SubmitGate } from './submit-gate'
import { liveInitiate, liveUploadSink } from './uploads/live-uploads'
import { loggedPath, UPLOAD_ROUTE, uploadRoute } from './uploads/upload-route'
import { usageRoute } from './usage-route'

export const PROXY_ROUTE = PROXY_PATH
/**
 * How long after its submit a request is followed. A Kling job ends in minutes; a day covers a fal outage
 * and a proxy that was down overnight, and fal has forgotten any request by then anyway.
 */
export const FOLLOW_MAX_AGE_MS = 24 * 60 * 60 * 1000
/**
 * With fal's webhook on, when a request is first polled: a Kling job is delivered within a minute or two,
 * so polling after five only catches a delivery that never came (fal gave up, or we were unreachable).
 */
export const WEBHOOK_FIRST_CHECK_MS = 5 * 60 * 1000

/** `mount` adds routes of another module (the playground) to the same server, knowing the mode. */
export type AppOptions = ProxyOptions & { mount?: (app: Hono, options: ResolvedOptions) => void }

interface BuiltProxy {
  app: Hono
  options: ResolvedOptions
  log: ProxyLog
  dispose: () => Promise<void>
  drain: Drain
  /** Starts following forwarded requests, once the server's own address (`origin`) is known. */
  startKeeper: (origin: string) => void
}

async function buildProxy(input: AppOptions): Promise<BuiltProxy> {
  const options = resolveOptions(input)
  assertWritableDir(options.dataDir)
  const health = new StorageHealth()
  const scrub = makeScrubber([options.falKey, ...options.tokens])
  const log = jsonLog(options.log, scrub)
  const app = new Hono()
  const drain = new Drain()

  app.use('*', drain.track())
  app.use('*', requestLog(log, options.logPreflight, (hash) => tokenLabel(options, hash)))
  // Before anything answers: a request under a name that is not ours (DNS rebinding) or, without tokens,
  // from a web page, gets no further.
  app.use('*', hostCheck({ publicUrl: options.publicUrl, bindHost: options.host }))
  // fal delivers results server to server, with no token and no Origin: so this route comes before the
  // Origin check, CORS and the token gate, and its signature check (webhook-signature.ts) stands in for them.
  const webhookUrl = options.mode === 'live' && options.publicUrl ? `${options.publicUrl}${FAL_WEBHOOK_PATH}` : undefined
  if (webhookUrl) app.post(FAL_WEBHOOK_PATH, webhookRoute(options, () => store, scrub, log))
  app.use('*', originCheck(options.tokens))
  app.use('*', cors())
  app.onError((error, c) => {
    log.record({ event: 'error', method: c.req.method, path: loggedPath(c.req.path), message: operatorMessage(error) })
    if (error instanceof StorageError) return jsonError(503, error.message, { code: 'storage_unavailable' })
    const upstream = options.mode === 'live' && c.req.path === PROXY_ROUTE
    return jsonError(upstream ? 502 : 500, upstream ? 'The proxy could not reach fal. Try again in a moment.' : 'The proxy hit an internal error.')
  })
  app.notFound(() => jsonError(404, 'Not found'))

  // Not ok once a write under DATA_DIR failed, until that write works again; meanwhile a submit whose
  // records cannot be written is refused with a 503 before anything is sent.
  app.get('/healthz', async (c) => {
    const problem = await store.problem()
    return problem ? c.json({ ok: false, mode: options.mode, reason: problem }, 503) : c.json({ ok: true, mode: options.mode })
  })

  // Offline spend is play money, but the budget still applies so the plugin's refusal can be tried without
  // a key; the store keeps offline state apart from live (open-store.ts), so it never mixes with real spend.
  const store = await openStore(options, health)
  const budget = new Budget(store.spend, { perTokenUsd: options.budgetUsdPerDay, teamUsd: options.teamBudgetUsdPerDay })
  // A resend waits for a send in flight at most as long as a request may take (another instance's send).
  const submits = new SubmitGate(store, { sendWindowMs: options.requestTimeoutMs, shared: store.kind !== 'files', log: log.message })
  const adminHashes = new Set(options.adminTokens.map(hashToken))
  const limits = new EdgeLimits(options, store.counters)

  let backend: FalBackend
  let dispose = () => store.close()
  let reader: FalQueueReader
  // Offline result files are served by this server: at PUBLIC_URL, else at the address it listens on.
  let selfOrigin = ''
  // Live: the days KEEP_MEDIA_DAYS asked fal for (fal reports none); offline: how long the files are kept.
  const keptMediaExpiry =
    options.mode === 'live'
      ? (r: { at: number }) => mediaExpiresAt(options.keepMediaDays, r.at)
      : (r: { at: number }) => r.at + FILE_RETENTION_MS
  if (options.mode === 'live') {
    reader = createLiveQueueReader({ falKey: options.falKey as string, scrub, fetch: options.upstreamFetch })
    const forward = createLiveForwarder({
      falKey: options.falKey as string,
      scrub,
      upstreamFetch: options.upstreamFetch,
      keepMediaDays: options.keepMediaDays,
      webhookUrl
    })
    // Reference uploads come back to this proxy instead of going to whatever host fal names (live-uploads.ts);
    // their slots are in the store, so the PUT may reach any instance.
    const slots = store.uploads
    const upload = { slots, publicUrl: options.publicUrl, scrub, log: log.message, upstreamFetch: options.upstreamFetch }
    const initiate = liveInitiate({ ...upload, forward })
    backend = {
      submit: (c, _e, _i, text) => forward(c, text),
      handle: (c, call, text) => (call.kind === 'storage-initiate' ? initiate(c, text) : forward(c, text))
    }
    app.put(`${UPLOAD_ROUTE}/:id`, uploadRoute({ slots, tokens: options.tokens, maxBytes: options.maxUploadBytes, sink: liveUploadSink(upload) }))
  } else {
    const offline = new OfflineService({
      dataDir: join(options.dataDir, 'offline'),
      latencyMs: options.offlineLatencyMs,
      faults: options.offlineFaults,
      resultImages: options.offlineResultImages,
      maxUploadBytes: options.maxUploadBytes,
      maxJsonBytes: options.maxJsonBytes,
      publicUrl: options.publicUrl
    })
    // Every /__offline route but the result files (plain image URLs) is a control route: they show every
    // teammate's prompts and change the answers, so once tokens are set only admins reach them.
    const gate = adminOnly(options.tokens, adminHashes, limits)
    app.use('/__offline/*', (c, next) => (c.req.path.startsWith(`${FILES_PATH}/`) ? next() : gate(c, next)))
    offline.mount(app)
    app.put(`${UPLOAD_ROUTE}/:id`, uploadRoute({ slots: offline.uploads, tokens: options.tokens, maxBytes: options.maxUploadBytes, sink: offline.receiveUpload }))
    backend = offline
    reader = createOfflineQueueReader(offline, () => options.publicUrl ?? selfOrigin)
    dispose = async () => {
      await offline.close()
      await store.close()
    }
  }
  app.all(
    PROXY_ROUTE,
    falRoute({
      tokens: options.tokens,
      adminHashes,
      maxJsonBytes: options.maxJsonBytes,
      budget,
      backend,
      limits,
      submits,
      requests: store.requests,
      accepts: store.submits,
      mediaExpiresAt: keptMediaExpiry,
      keepForwarded: options.mode === 'live',
      log: log.message
    })
  )
  app.get(USAGE_PATH, usageRoute({ mode: options.mode, name: options.name, tokens: options.tokens, adminHashes, labelOf: (hash) => tokenLabel(options, hash), budget, limits }))
  input.mount?.(app, options)

  // Keeps every forwarded request's result past fal's retention (results/result-keeper.ts).
  const keeper = new ResultKeeper({
    requests: store.requests,
    reader,
    intervalMs: options.followIntervalMs,
    concurrency: options.followConcurrency,
    maxAgeMs: FOLLOW_MAX_AGE_MS,
    // With the webhook, polling is the backstop: fal's delivery normally keeps the result first.
    firstCheckAfterMs: webhookUrl ? WEBHOOK_FIRST_CHECK_MS : 0,
    mediaExpiresAt: keptMediaExpiry,
    log: log.message
  })
  const startKeeper = (origin: string) => {
    selfOrigin = origin
    if (options.followIntervalMs > 0) keeper.start()
  }
  const disposeStore = dispose
  dispose = async () => {
    await keeper.stop()
    await disposeStore()
  }
  return { app, options, log, dispose, drain, startKeeper }
}

export interface RunningProxy {
  /** Base URL of the server, e.g. http://localhost:8787 */
  url: string
  /** What to paste in the plugin's settings: the fal route. */
  proxyUrl: string
  origin: string
  mode: 'live' | 'offline'
  /** Stops accepting, lets requests in flight finish (up to shutdownGraceMs), closes the rest, then disposes. */
  close(): Promise<void>
}

export async function startProxy(input: AppOptions): Promise<RunningProxy> {
  const { app, options, log, dispose, drain, startKeeper } = await buildProxy(input)
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host, serverOptions: serverTimeouts(options) }, () => resolve(s))
    s.once('error', reject)
  })
  capConnections(server as Server, options, log)
  const { port } = server.address() as AddressInfo
  // Loopback is announced as localhost: that is the name Figma's devAllowedDomains and browsers expect.
  const host = isLoopback(options.host) ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host
  const origin = `http://${host}:${port}`
  startKeeper(origin)
  return {
    url: origin,
    proxyUrl: `${origin}${PROXY_ROUTE}`,
    origin,
    mode: options.mode,
    // The same drain as SIGTERM (cli.ts): requests in flight finish, up to shutdownGraceMs; then the store goes.
    close: async () => {
      await drain.close(server as Server, options.shutdownGraceMs, log)
      await dispose()
    }
  }
}

/**
 * POST FAL_WEBHOOK_PATH: fal's signed deliveries, checked against fal's JWKS (fetched through upstreamFetch,
 * like every call to fal), each kept for a request this proxy bound; the body cap is the handler's
 * (MAX_WEBHOOK_BYTES).
 *
 * Deliveries carry no token, so the limit is per address, at the fal route's rate, and it counts only
 * deliveries that fail verification: behind a load balancer every sender shares one address, and a limit
 * counting every delivery would let a forger spend the bucket fal's genuine deliveries need. A verified
 * delivery never takes a token and never gets 429; an unverified one takes one, and once the address has
 * none left it is answered 429 (Retry-After) instead of 401. What a forger can still make us do per request
 * is bounded: the header and timestamp checks refuse before the body is read, the body is capped, and
 * fal's key set is fetched at most once per JWKS_MIN_REFRESH_MS however many deliveries fail.
 */
function webhookRoute(options: ResolvedOptions, store: () => ProxyStore, scrub: (text: string) => string, log: ProxyLog) {
  const verify = createWebhookVerifier(createJwksSource(options.upstreamFetch ? { fetch: options.upstreamFetch } : {}))
  const limiter = new RateLimiter(options.rateLimitPerMinute)
  const onUnverified = (c: import('hono').Context): Response | undefined => {
    const rate = limiter.take(`address:${clientAddress(c)}`)
    if (rate.ok) return undefined
    return tooManyRequests(`Too many unverified webhook deliveries from this address. Wait ${rate.retryAfterSeconds} s.`, rate.retryAfterSeconds)
  }
  let handler: ((c: import('hono').Context) => Promise<Response>) | undefined
  return (c: import('hono').Context) => {
    // The store is opened after the routes are declared; the first delivery comes long after.
    handler ??= falWebhookHandler({
      verify,
      onDelivery: deliveryKeeper({
        requests: store().requests,
        mediaExpiresAt: (r) => mediaExpiresAt(options.keepMediaDays, r.at),
        scrub,
        log: log.message
      }),
      log: log.message,
      onUnverified
    })
    return handler(c)
  }
}

/**
 * Without tokens (loopback only) everyone may; with them, only a token listed in ADMIN_TOKENS. The same
 * caller limits as the fal route apply first, so this gate is no faster a way to guess tokens.
 */
function adminOnly(tokens: readonly string[], adminHashes: ReadonlySet<string>, limits: EdgeLimits) {
  return async (c: import('hono').Context, next: () => Promise<void>) => {
    const auth = limits.authenticate(c, tokens)
    if (!auth.ok) return auth.response
    if (tokens.length === 0) return next()
    if (!adminHashes.has(auth.tokenHash)) {
      return jsonError(403, `${c.req.path} is an admin route: it shows every teammate's requests and changes how this proxy answers. Use a token listed in ADMIN_TOKENS.`, {
        code: 'admin_only'
      })
    }
    return next()
  }
}

/**
 * A connection that sends nothing, or sends its request slowly, is closed (408) once its headers or its
 * whole request are overdue; an idle keep-alive connection after keepAliveTimeoutMs. Timeouts are checked
 * on an interval, a quarter of the headers timeout, so a flood of silent sockets is reaped promptly.
 */
function serverTimeouts(options: ResolvedOptions): ServerOptions {
  return {
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(25, Math.min(5_000, Math.floor(options.headersTimeoutMs / 4)))
  }
}
