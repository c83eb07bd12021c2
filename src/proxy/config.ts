// The proxy's settings, read once from the environment. Tests pass the same fields as options instead,
// so they never touch process.env.
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { MAX_REFERENCE_BYTES, megabytes } from '../kling'
import { isLoopback } from '../manifest-hosts.js'
import { type FaultPlan, parseFaultPlan } from './offline/faults'
import type { ResultImageSource } from './offline/generate'
import { parseDatabaseUrl } from './store/postgres/database-url'
import { labelsByHash, parseTokenEntries } from './token-labels'
import { assertStrongTokens } from './token-strength'
import type { FetchLike } from './upstream-fetch'

export interface ProxyOptions {
  /** fal key; set means live mode. */
  falKey?: string | undefined
  /**
   * Accepted bearer tokens, each optionally labelled `alice:<token>` (token-labels.ts). Empty: no token
   * needed (offline on loopback only; live mode always needs them).
   */
  tokens?: readonly string[]
  /** Tokens that may also see and cancel every teammate's requests and use offline control routes (support); labelled likewise. */
  adminTokens?: readonly string[]
  /**
   * Per-token daily budget in USD. Undefined: the default (DEFAULTS.liveBudgetUsdPerDay in live mode, none
   * offline); 'off': no per-token budget, as an explicit choice.
   */
  budgetUsdPerDay?: number | 'off' | undefined
  /** Daily budget in USD for all tokens together; undefined means none. */
  teamBudgetUsdPerDay?: number | undefined
  dataDir?: string
  /**
   * PostgreSQL (DATABASE_URL, postgres:// or postgresql://): where the proxy keeps its state instead of
   * DATA_DIR, so several instances act as one. Undefined: files under DATA_DIR.
   */
  databaseUrl?: string | undefined
  /**
   * The PostgreSQL schema for live state (DATABASE_SCHEMA, default `keyframe`); offline state goes to the same
   * name with `_offline`. Several teams (or test runs) can share one database under different names.
   */
  databaseSchema?: string
  /**
   * Whether PostgreSQL statements are prepared under names (DATABASE_PREPARED, `on` by default; `off` for a
   * transaction-mode pooler that does not track prepared statements).
   */
  databasePrepared?: boolean
  port?: number
  host?: string
  offlineLatencyMs?: number
  offlineFaults?: FaultPlan | undefined
  /** Benchmarks only: where offline result images come from instead of the placeholder renderer. */
  offlineResultImages?: ResultImageSource | undefined
  /** Requests a minute per token (per address without tokens) on the fal route; 0 turns it off. */
  rateLimitPerMinute?: number
  /** Submits a minute per token (per address without tokens), within the limit above; 0 turns it off. */
  submitRateLimitPerMinute?: number
  /** Requests with a wrong token a minute, from all addresses together; 0 turns it off. */
  wrongTokenLimitPerMinute?: number
  /** Storage initiates (reference uploads) per token per UTC day; 0 turns it off. */
  uploadsPerDay?: number
  /** Log CORS preflights too (LOG_PREFLIGHT=1); they are left out by default. */
  logPreflight?: boolean
  /** Open connections at once; more are refused until some close (0: no cap). */
  maxConnections?: number
  /** Open connections at once from one address; default half of maxConnections (0: no cap). */
  maxConnectionsPerAddress?: number
  /** How long a client may take to send a request's headers, and its whole request (ms). */
  headersTimeoutMs?: number
  requestTimeoutMs?: number
  /** How long an idle keep-alive connection is kept (ms). */
  keepAliveTimeoutMs?: number
  /** Largest JSON body accepted, in bytes. */
  maxJsonBytes?: number
  /** Largest reference upload, in bytes, in both modes; at most Kling's 10 MB (tests set less). */
  maxUploadBytes?: number
  /** The address the plugin reaches this proxy at (e.g. https://keyframe-proxy.example.com); upload URLs name it. */
  publicUrl?: string | undefined
  /**
   * How many days fal keeps the images of a live submit (KEEP_MEDIA_DAYS), sent to fal on each submit as
   * X-Fal-Object-Lifecycle-Preference; unset: fal's own default. Between 1 and MAX_KEEP_MEDIA_DAYS.
   */
  keepMediaDays?: number | undefined
  /**
   * How often the proxy asks fal about the requests it forwarded, to keep each result past fal's retention
   * (FOLLOW_INTERVAL_MS; results/result-keeper.ts). 0 turns following off: results are then kept only when
   * a plugin fetches them.
   */
  followIntervalMs?: number
  /** How many requests are followed at once, per round (FOLLOW_CONCURRENCY); at least 1. */
  followConcurrency?: number
  /** The team proxy's name (PROXY_NAME), shown in the plugin's header and Settings; at most 40 characters. */
  name?: string | undefined
  /** On SIGTERM or close(): how long requests in flight may take to finish before connections are cut (ms). */
  shutdownGraceMs?: number
  /** Where request log lines go; defaults to console.log. */
  log?: (line: string) => void
  /** Tests only: the fetch live mode uses to reach fal. */
  upstreamFetch?: FetchLike | undefined
  /** Tests only: how many submits are remembered in memory at once (store/files/job-store.ts, MAX_REMEMBERED). */
  maxRememberedSubmits?: number | undefined
}

type Optional = 'keepMediaDays' | 'name' | 'databaseUrl' | 'falKey' | 'teamBudgetUsdPerDay' | 'offlineFaults' | 'offlineResultImages' | 'upstreamFetch' | 'publicUrl' | 'maxRememberedSubmits'
export type ResolvedOptions = Required<Omit<ProxyOptions, Optional | 'budgetUsdPerDay'>> &
  Pick<ProxyOptions, Optional> & {
    mode: 'live' | 'offline'
    /** Resolved: a number, or undefined for none. */
    budgetUsdPerDay: number | undefined
    /** Full token hash (auth.ts hashToken) → its label, for tokens given one. Read it with tokenLabel(). */
    tokenLabels: ReadonlyMap<string, string>
  }

/** The label of the token with this hash (from PROXY_TOKENS or ADMIN_TOKENS), or undefined when it has none. */
export function tokenLabel(options: Pick<ResolvedOptions, 'tokenLabels'>, tokenHash: string): string | undefined {
  return options.tokenLabels.get(tokenHash)
}

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')

export const DEFAULTS = {
  port: 8787,
  databaseSchema: 'keyframe',
  host: '127.0.0.1',
  offlineLatencyMs: 3000,
  // A job polls status about twice a second: this leaves room for several at once.
  rateLimitPerMinute: 1200,
  // A designer submits a few times a minute; a script spending the budget submits far more.
  submitRateLimitPerMinute: 10,
  // A teammate with a stale token retries a few times a minute; guessing needs millions.
  wrongTokenLimitPerMinute: 60,
  // Each job uploads at most 10 references, and repeats are cached by the plugin.
  uploadsPerDay: 500,
  logPreflight: false,
  // Well under a typical fd limit (256 on some systems), and many times what a team's plugins hold open.
  maxConnections: 128,
  headersTimeoutMs: 10_000,
  // A 10 MB reference must arrive within this (about 85 kB/s); answers (status streams) are not limited.
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  // A submit forwarded to fal is answered in about a second; this leaves slack and still ends before a
  // container platform's usual 10 s between SIGTERM and SIGKILL (docker stop, Kubernetes).
  shutdownGraceMs: 8_000,
  // A slow poll: a Kling image takes tens of seconds, and fal keeps a result at least 6 minutes, so every
  // 10 s loses nothing and costs a few requests a minute per open job.
  followIntervalMs: 10_000,
  followConcurrency: 8,
  maxJsonBytes: 1024 * 1024,
  maxUploadBytes: MAX_REFERENCE_BYTES,
  // A ceiling on a leaked token or a runaway loop, well above a designer's day: $25 is ~890 images at
  // 1K/2K or ~445 at 4K ($0.028 / $0.056 each), i.e. a new image every 30 s for a whole working day.
  liveBudgetUsdPerDay: 25
}

/**
 * fal names no upper bound for expiration_duration_seconds (docs.fal.ai/documentation/model-apis/
 * media-expiration); ten years is ours, well past any storyboard's need.
 */
export const MAX_KEEP_MEDIA_DAYS = 3650

/** Reads the documented environment variables (README, "Running the proxy for a team"). */
export function optionsFromEnv(env: NodeJS.ProcessEnv): ProxyOptions {
  const budget = env.BUDGET_USD_PER_DAY?.trim()
  const teamBudget = env.TEAM_BUDGET_USD_PER_DAY?.trim()
  return {
    falKey: env.FAL_KEY?.trim() || undefined,
    tokens: splitTokens(env.PROXY_TOKENS),
    adminTokens: splitTokens(env.ADMIN_TOKENS),
    budgetUsdPerDay: !budget ? undefined : budget.toLowerCase() === 'off' ? 'off' : parseBudget('BUDGET_USD_PER_DAY', budget),
    teamBudgetUsdPerDay: teamBudget ? parseBudget('TEAM_BUDGET_USD_PER_DAY', teamBudget) : undefined,
    dataDir: env.DATA_DIR || undefined,
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    databaseSchema: env.DATABASE_SCHEMA?.trim() || undefined,
    databasePrepared: env.DATABASE_PREPARED?.trim() ? parseOnOff('DATABASE_PREPARED', env.DATABASE_PREPARED.trim()) : undefined,
    port: env.PORT ? parseInteger('PORT', env.PORT) : undefined,
    host: env.HOST || undefined,
    publicUrl: env.PUBLIC_URL?.trim() || undefined,
    name: env.PROXY_NAME?.trim() || undefined,
    keepMediaDays: env.KEEP_MEDIA_DAYS?.trim() ? parseInteger('KEEP_MEDIA_DAYS', env.KEEP_MEDIA_DAYS.trim()) : undefined,
    offlineLatencyMs: env.OFFLINE_LATENCY_MS ? parseInteger('OFFLINE_LATENCY_MS', env.OFFLINE_LATENCY_MS) : undefined,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE ? parseInteger('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE) : undefined,
    submitRateLimitPerMinute: env.SUBMIT_RATE_LIMIT_PER_MINUTE ? parseInteger('SUBMIT_RATE_LIMIT_PER_MINUTE', env.SUBMIT_RATE_LIMIT_PER_MINUTE) : undefined,
    wrongTokenLimitPerMinute: env.WRONG_TOKEN_LIMIT_PER_MINUTE ? parseInteger('WRONG_TOKEN_LIMIT_PER_MINUTE', env.WRONG_TOKEN_LIMIT_PER_MINUTE) : undefined,
    uploadsPerDay: env.UPLOADS_PER_DAY ? parseInteger('UPLOADS_PER_DAY', env.UPLOADS_PER_DAY) : undefined,
    maxConnections: env.MAX_CONNECTIONS ? parseInteger('MAX_CONNECTIONS', env.MAX_CONNECTIONS) : undefined,
    maxConnectionsPerAddress: env.MAX_CONNECTIONS_PER_ADDRESS ? parseInteger('MAX_CONNECTIONS_PER_ADDRESS', env.MAX_CONNECTIONS_PER_ADDRESS) : undefined,
    followIntervalMs: env.FOLLOW_INTERVAL_MS ? parseInteger('FOLLOW_INTERVAL_MS', env.FOLLOW_INTERVAL_MS) : undefined,
    followConcurrency: env.FOLLOW_CONCURRENCY ? parseInteger('FOLLOW_CONCURRENCY', env.FOLLOW_CONCURRENCY) : undefined,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ? parseInteger('SHUTDOWN_GRACE_MS', env.SHUTDOWN_GRACE_MS) : undefined,
    logPreflight: env.LOG_PREFLIGHT ? parseFlag('LOG_PREFLIGHT', env.LOG_PREFLIGHT) : undefined,
    offlineFaults: env.OFFLINE_FAULTS ? parseFaultPlan(parseJson('OFFLINE_FAULTS', env.OFFLINE_FAULTS)) : undefined
  }
}

export function resolveOptions(options: ProxyOptions): ResolvedOptions {
  const host = options.host ?? DEFAULTS.host
  const teamEntries = parseTokenEntries('PROXY_TOKENS', (options.tokens ?? []).filter((t) => t.length > 0))
  const adminEntries = parseTokenEntries('ADMIN_TOKENS', (options.adminTokens ?? []).filter((t) => t.length > 0))
  const teamTokens = teamEntries.map((e) => e.token)
  const adminTokens = adminEntries.map((e) => e.token)
  assertStrongTokens('PROXY_TOKENS', teamTokens)
  assertStrongTokens('ADMIN_TOKENS', adminTokens)
  const tokenLabels = labelsByHash([...teamEntries, ...adminEntries])
  // Admin tokens are accepted wherever a team token is; every check below counts them as tokens.
  const tokens = [...new Set([...teamTokens, ...adminTokens])]
  const mode = options.falKey ? 'live' : 'offline'
  // Live spends real money, and without tokens nothing but the network guards it. Even on loopback that is
  // not enough: any web page the designer visits can send `Origin: null` from a sandboxed frame of its own,
  // which the Origin check must let through for Figma's plugin iframe (origin-check.ts).
  if (mode === 'live' && tokens.length === 0) {
    const where = isLoopback(host) ? `even on HOST=${host}` : `and HOST=${host} is reachable from other machines`
    throw new Error(
      `Refusing to start: FAL_KEY is set but PROXY_TOKENS is empty, ${where}: without a token, a web page you visit could spend through this proxy. ` +
        "Make a token with `npm run token`, start with PROXY_TOKENS=<token>, and paste the token in Keyframe's Settings."
    )
  }
  // Offline, anyone who reaches the proxy could read teammates' prompts and install fault answers
  // through /__offline: the same rule.
  if (mode === 'offline' && tokens.length === 0 && !isLoopback(host)) {
    throw new Error(
      `Refusing to start: offline mode on HOST=${host} is reachable from other machines, but PROXY_TOKENS is empty. ` +
        'Set PROXY_TOKENS (and ADMIN_TOKENS for the /__offline control routes), or bind HOST to 127.0.0.1.'
    )
  }
  const publicUrl = options.publicUrl === undefined ? undefined : parsePublicUrl(options.publicUrl)
  // Upload URLs must name an address the plugin can reach; behind a reverse proxy or TLS terminator the
  // request's own Host and scheme cannot be trusted to be it.
  if (mode === 'live' && !publicUrl && !isLoopback(host)) {
    throw new Error(
      `Refusing to start: FAL_KEY is set and HOST=${host} is reachable from other machines, but PUBLIC_URL is empty. ` +
        'Set PUBLIC_URL to the address the plugin uses for this proxy (e.g. https://keyframe-proxy.example.com): reference uploads are sent there.'
    )
  }
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULTS.maxUploadBytes
  if (!Number.isInteger(maxUploadBytes) || maxUploadBytes < 1 || maxUploadBytes > MAX_REFERENCE_BYTES) {
    throw new Error(`maxUploadBytes must be between 1 and ${MAX_REFERENCE_BYTES} (Kling's ${megabytes(MAX_REFERENCE_BYTES)}), got "${maxUploadBytes}"`)
  }
  if (options.budgetUsdPerDay !== undefined && options.budgetUsdPerDay !== 'off' && !(options.budgetUsdPerDay >= 0)) {
    throw new Error(`BUDGET_USD_PER_DAY must be a dollar amount or "off", got "${options.budgetUsdPerDay}"`)
  }
  if (options.teamBudgetUsdPerDay !== undefined && !(options.teamBudgetUsdPerDay >= 0)) {
    throw new Error(`TEAM_BUDGET_USD_PER_DAY must be a dollar amount, got "${options.teamBudgetUsdPerDay}"`)
  }
  const budgetUsdPerDay =
    options.budgetUsdPerDay === 'off' ? undefined : (options.budgetUsdPerDay ?? (mode === 'live' ? DEFAULTS.liveBudgetUsdPerDay : undefined))
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    throw new Error(`PORT must be between 0 and 65535, got "${options.port}"`)
  }
  if (options.rateLimitPerMinute !== undefined && (!Number.isInteger(options.rateLimitPerMinute) || options.rateLimitPerMinute < 0)) {
    throw new Error(`RATE_LIMIT_PER_MINUTE must be a whole number (0 turns it off), got "${options.rateLimitPerMinute}"`)
  }
  for (const [name, value] of [
    ['SUBMIT_RATE_LIMIT_PER_MINUTE', options.submitRateLimitPerMinute],
    ['WRONG_TOKEN_LIMIT_PER_MINUTE', options.wrongTokenLimitPerMinute],
    ['UPLOADS_PER_DAY', options.uploadsPerDay],
    ['MAX_CONNECTIONS', options.maxConnections],
    ['MAX_CONNECTIONS_PER_ADDRESS', options.maxConnectionsPerAddress],
    ['SHUTDOWN_GRACE_MS', options.shutdownGraceMs],
    ['FOLLOW_INTERVAL_MS', options.followIntervalMs]
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new Error(`${name} must be a whole number (0 turns it off), got "${value}"`)
  }
  const followConcurrency = options.followConcurrency ?? DEFAULTS.followConcurrency
  if (!Number.isInteger(followConcurrency) || followConcurrency < 1) {
    throw new Error(`FOLLOW_CONCURRENCY must be a whole number of at least 1, got "${followConcurrency}"`)
  }
  const headersTimeoutMs = options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs
  if (!(headersTimeoutMs > 0 && headersTimeoutMs <= requestTimeoutMs)) {
    throw new Error(`headersTimeoutMs must be above 0 and at most requestTimeoutMs (${requestTimeoutMs}), got "${headersTimeoutMs}"`)
  }
  if (options.keepMediaDays !== undefined && !(Number.isInteger(options.keepMediaDays) && options.keepMediaDays >= 1 && options.keepMediaDays <= MAX_KEEP_MEDIA_DAYS)) {
    throw new Error(
      `KEEP_MEDIA_DAYS must be a whole number of days from 1 to ${MAX_KEEP_MEDIA_DAYS}, or unset for fal's default; got "${options.keepMediaDays}"`
    )
  }
  const dataDir = options.dataDir ?? '.data'
  const maxConnections = options.maxConnections ?? DEFAULTS.maxConnections
  return {
    mode,
    falKey: options.falKey,
    tokens,
    adminTokens,
    tokenLabels,
    budgetUsdPerDay,
    teamBudgetUsdPerDay: options.teamBudgetUsdPerDay,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(REPO_ROOT, dataDir),
    databaseUrl: options.databaseUrl === undefined ? undefined : parseDatabaseUrl(options.databaseUrl),
    databaseSchema: parseSchemaName(options.databaseSchema ?? DEFAULTS.databaseSchema),
    databasePrepared: options.databasePrepared ?? true,
    port: options.port ?? DEFAULTS.port,
    host,
    offlineLatencyMs: options.offlineLatencyMs ?? DEFAULTS.offlineLatencyMs,
    offlineFaults: options.offlineFaults,
    offlineResultImages: options.offlineResultImages,
    rateLimitPerMinute: options.rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute,
    submitRateLimitPerMinute: options.submitRateLimitPerMinute ?? DEFAULTS.submitRateLimitPerMinute,
    wrongTokenLimitPerMinute: options.wrongTokenLimitPerMinute ?? DEFAULTS.wrongTokenLimitPerMinute,
    uploadsPerDay: options.uploadsPerDay ?? DEFAULTS.uploadsPerDay,
    logPreflight: options.logPreflight ?? DEFAULTS.logPreflight,
    maxConnections,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? Math.ceil(maxConnections / 2),
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    shutdownGraceMs: options.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs,
    followIntervalMs: options.followIntervalMs ?? DEFAULTS.followIntervalMs,
    followConcurrency,
    maxJsonBytes: options.maxJsonBytes ?? DEFAULTS.maxJsonBytes,
    maxUploadBytes,
    publicUrl,
    keepMediaDays: options.keepMediaDays,
    name: checkName(options.name),
    log: options.log ?? ((line) => console.log(line)),
    upstreamFetch: options.upstreamFetch,
    maxRememberedSubmits: options.maxRememberedSubmits
  }
}

/** Re-exported for the proxy's modules, which import their settings' helpers from here. */
export { isLoopback }

/** An http(s) address with an optional path prefix, without a trailing slash: upload URLs are appended to it. */
function parsePublicUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`PUBLIC_URL must be the proxy's address, such as https://keyframe-proxy.example.com, got "${value}"`)
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new Error(`PUBLIC_URL must be a plain http(s) address with no credentials, query or fragment, such as https://keyframe-proxy.example.com, got "${value}"`)
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new Error(`PUBLIC_URL must use https: Figma lets the plugin reach plain http only on localhost; got "${value}"`)
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

function splitTokens(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
}

/** A short label for one line of the plugin's header: printable, no markup surprises, at most 40 characters. */
function checkName(value: string | undefined): string | undefined {
  const name = value?.trim()
  if (!name) return undefined
  // Control and format characters (a right-to-left override, zero-width marks, line separators) could make
  // the header say something else than the name; a name must also show something.
  if (name.length > 40 || /[\p{Cc}\p{Cf}\u2028\u2029<>]/u.test(name) || !/[\p{L}\p{N}]/u.test(name)) {
    throw new Error(`PROXY_NAME must be a short name for this proxy (at most 40 characters, no control characters or < >), such as "Acme studio"; got "${value}".`)
  }
  return name
}

function parseInteger(name: string, value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`)
  return n
}

function parseFlag(name: string, value: string): boolean {
  if (value === '1' || value === 'true') return true
  if (value === '0' || value === 'false') return false
  throw new Error(`${name} must be 1 or 0, got "${value}"`)
}

function parseOnOff(name: string, value: string): boolean {
  const v = value.toLowerCase()
  if (v === 'on' || v === '1' || v === 'true') return true
  if (v === 'off' || v === '0' || v === 'false') return false
  throw new Error(`${name} must be on or off, got "${value}"`)
}

function parseBudget(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) {
    const off = name === 'BUDGET_USD_PER_DAY' ? ' (such as 25), or "off" for no per-token budget' : ' (such as 100)'
    throw new Error(`${name} must be a dollar amount${off}, got "${value}"`)
  }
  return n
}

function parseJson(name: string, value: string): unknown {
  try {
    return JSON.parse(value)
  } catch {
    throw new Error(`${name} must be JSON (see the fault plan format in src/proxy/offline/faults.ts)`)
  }
}

/** A schema name PostgreSQL takes unquoted, with room for the `_offline` suffix. */
function parseSchemaName(name: string): string {
  if (/^[a-z_][a-z0-9_]{0,54}$/.test(name)) return name
  throw new Error(`DATABASE_SCHEMA must be lower-case letters, digits and _ (at most 55, not starting with a digit), got "${name}".`)
}
