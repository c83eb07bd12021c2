// server-proxy's allowlist (allowed-urls.ts) against the route's own classifier (target-url.ts): the same
// URLs pass both, matched the way server-proxy matches them (its createUrlMatcher over host + path + query).
import { createUrlMatcher, DEFAULT_ALLOWED_URL_PATTERNS } from '@fal-ai/server-proxy'
import { describe, expect, it } from 'vitest'

import { ENDPOINT_IDS, FAL_APP_ID } from '../../src/kling'
import { allowedUrlPatterns, allowedUrlPatternsByKind, webhookQuery } from '../../src/proxy/allowed-urls'
import { classifyTarget, REQUEST_ID_MAX_LENGTH } from '../../src/proxy/target-url'

const WEBHOOK_URL = 'https://keyframe-proxy.example.com/api/keyframe/fal-webhook'
const QUEUE = 'https://queue.fal.run'
const REQUESTS = `${QUEUE}/${FAL_APP_ID}/requests`

function allowlist(webhookUrl?: string): (url: string) => boolean {
  const matches = createUrlMatcher(allowedUrlPatterns(webhookUrl))
  // What server-proxy hands its matcher (getUrlWithoutScheme in @fal-ai/server-proxy/src/index.js).
  return (raw) => {
    const url = new URL(raw)
    return matches(`${url.host}${url.pathname}${url.search}`)
  }
}

/** Whether the route's classifier lets the URL through under any of the methods the client uses. */
const classified = (url: string) => ['GET', 'POST', 'PUT'].some((m) => classifyTarget(m, url).ok)

const GOOD_IDS = ['a', '0', 'req-1', '6f2c9a4e-1b2d-4c3e-9f8a-7b6c5d4e3f21', `a${'-'.repeat(REQUEST_ID_MAX_LENGTH - 1)}`, 'Z'.repeat(REQUEST_ID_MAX_LENGTH)]
// Over-length ids are refused by the classifier alone (see the last test).
const BAD_IDS = ['-a', '-', '-abc', 'a_b', 'a.b', 'a b', '']

const requestUrls = (id: string) => [
  `${REQUESTS}/${id}`,
  `${REQUESTS}/${id}/status`,
  `${REQUESTS}/${id}/status?logs=0`,
  `${REQUESTS}/${id}/status?logs=1`,
  `${REQUESTS}/${id}/status/stream`,
  `${REQUESTS}/${id}/status/stream?logs=1`,
  `${REQUESTS}/${id}/cancel`
]

const ACCEPTED = [
  ...ENDPOINT_IDS.map((e) => `${QUEUE}/${e}`),
  ...GOOD_IDS.flatMap(requestUrls),
  'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3'
]

const REFUSED = [
  ...BAD_IDS.flatMap(requestUrls),
  // Extra query parameters, or a query where none belongs.
  `${REQUESTS}/req-1/status?logs=1&x=1`,
  `${REQUESTS}/req-1/status?logs=2`,
  `${REQUESTS}/req-1?logs=1`,
  `${REQUESTS}/req-1/cancel?x=1`,
  `${QUEUE}/${ENDPOINT_IDS[0]}?sync=1`,
  'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3&x=1',
  'https://rest.fal.ai/storage/upload/complete-multipart?storage_type=fal-cdn-v3',
  // Extra path parts, other apps, other hosts.
  `${REQUESTS}/req-1/status/extra`,
  `${REQUESTS}/req-1/logs`,
  `${REQUESTS}/req-1/cancel/now`,
  `${REQUESTS}/a/b`,
  `${QUEUE}/${ENDPOINT_IDS[0]}/extra`,
  `${QUEUE}/fal-ai/flux/dev`,
  `${QUEUE}/fal-ai/flux/requests/req-1`,
  `https://fal.run/${ENDPOINT_IDS[0]}`,
  `https://queue.fal.run.evil.example/${ENDPOINT_IDS[0]}`
]

describe('server-proxy allowlist', () => {
  it('accepts every URL the classifier lets through', () => {
    const allowed = allowlist(WEBHOOK_URL)
    for (const url of ACCEPTED) {
      expect(classified(url), url).toBe(true)
      expect(allowed(url), url).toBe(true)
    }
  })

  it('refuses every variant the classifier refuses (bad ids, extra queries, extra path parts)', () => {
    const allowed = allowlist(WEBHOOK_URL)
    for (const url of REFUSED) {
      expect(classified(url), url).toBe(false)
      expect(allowed(url), url).toBe(false)
    }
  })

  it("lets every URL it accepts through server-proxy's default patterns too, the second gate the live forwarder leaves handleRequest", () => {
    // live-handler.ts checks our allowlist itself (compiled once) and hands handleRequest no patterns, so
    // handleRequest checks its defaults: they must never refuse a call ours allows, the webhook submit included.
    const defaults = createUrlMatcher(DEFAULT_ALLOWED_URL_PATTERNS)
    const urls = [...ACCEPTED, ...ENDPOINT_IDS.map((e) => `${QUEUE}/${e}${webhookQuery(WEBHOOK_URL)}`)]
    for (const raw of urls) {
      const url = new URL(raw)
      expect(defaults(`${url.host}${url.pathname}${url.search}`), raw).toBe(true)
    }
  })

  it('accepts a submit with the proxy\'s own webhook query only when live with PUBLIC_URL, and no other webhook', () => {
    const withHook = allowlist(WEBHOOK_URL)
    const withoutHook = allowlist()
    for (const endpoint of ENDPOINT_IDS) {
      const submit = `${QUEUE}/${endpoint}`
      expect(withHook(submit + webhookQuery(WEBHOOK_URL)), endpoint).toBe(true)
      expect(withoutHook(submit + webhookQuery(WEBHOOK_URL)), endpoint).toBe(false)
      expect(withoutHook(submit), endpoint).toBe(true)
      // A webhook naming another host, or ours with more after it, is not the proxy's.
      expect(withHook(submit + webhookQuery('https://attacker.example/api/keyframe/fal-webhook')), endpoint).toBe(false)
      expect(withHook(`${submit}${webhookQuery(WEBHOOK_URL)}&sync=1`), endpoint).toBe(false)
      expect(withHook(`${submit}?fal_webhook=${WEBHOOK_URL}`), endpoint).toBe(false)
    }
  })

  it('agrees with the classifier on ids of every length up to the cap; past it only the classifier refuses', () => {
    const allowed = allowlist()
    for (let length = 1; length <= REQUEST_ID_MAX_LENGTH; length++) {
      const url = `${REQUESTS}/${'b'.repeat(length)}/status`
      expect(classified(url), `length ${length}`).toBe(true)
      expect(allowed(url), `length ${length}`).toBe(true)
    }
    // The one known difference (allowed-urls.ts says why): classifyTarget runs first on every request.
    const tooLong = `${REQUESTS}/${'b'.repeat(REQUEST_ID_MAX_LENGTH + 1)}/status`
    expect(classified(tooLong)).toBe(false)
    expect(allowed(tooLong)).toBe(true)
  })
})

const BY_KIND_WEBHOOK = 'https://proxy.example.com/api/fal/webhook'
const KIND_CALLS: [string, string][] = [
  ['POST', 'https://queue.fal.run/fal-ai/kling-image/o3/text-to-image'],
  ['GET', 'https://queue.fal.run/fal-ai/kling-image/requests/abc-123/status?logs=1'],
  ['GET', 'https://queue.fal.run/fal-ai/kling-image/requests/abc-123/status/stream'],
  ['GET', 'https://queue.fal.run/fal-ai/kling-image/requests/abc-123'],
  ['PUT', 'https://queue.fal.run/fal-ai/kling-image/requests/abc-123/cancel'],
  ['POST', 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3']
]
const bare = (url: string) => url.replace(/^https:\/\//, '')

describe('the allowlist by kind of call', () => {
  it('is the whole allowlist split up: no pattern of a kind is missing from the whole list', () => {
    const whole = new Set(allowedUrlPatterns(BY_KIND_WEBHOOK))
    for (const patterns of Object.values(allowedUrlPatternsByKind(BY_KIND_WEBHOOK))) for (const p of patterns) expect(whole.has(p)).toBe(true)
  })

  it("lets each call through its own kind's patterns and no other kind's", () => {
    const byKind = allowedUrlPatternsByKind()
    for (const [method, url] of KIND_CALLS) {
      const target = classifyTarget(method, url)
      if (!target.ok) throw new Error(`${url} was refused: ${target.message}`)
      for (const [kind, patterns] of Object.entries(byKind)) {
        const sameShape = kind === target.call.kind || (kind.startsWith('status') && target.call.kind.startsWith('status'))
        expect(createUrlMatcher(patterns)(bare(url)), `${url} against ${kind}`).toBe(sameShape)
      }
    }
  })
})
