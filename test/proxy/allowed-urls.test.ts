import { createUrlMatcher } from '@fal-ai/server-proxy'
import { describe, expect, it } from 'vitest'

import { allowedUrlPatterns, allowedUrlPatternsByKind } from '../../src/proxy/allowed-urls'
import { classifyTarget } from '../../src/proxy/target-url'

const webhook = 'https://proxy.example.com/api/fal/webhook'
const calls: [string, string][] = [
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
    const whole = new Set(allowedUrlPatterns(webhook))
    for (const patterns of Object.values(allowedUrlPatternsByKind(webhook))) for (const p of patterns) expect(whole.has(p)).toBe(true)
  })

  it("lets each call through its own kind's patterns and no other kind's", () => {
    const byKind = allowedUrlPatternsByKind()
    for (const [method, url] of calls) {
      const target = classifyTarget(method, url)
      if (!target.ok) throw new Error(`${url} was refused: ${target.message}`)
      for (const [kind, patterns] of Object.entries(byKind)) {
        const sameShape = kind === target.call.kind || (kind.startsWith('status') && target.call.kind.startsWith('status'))
        expect(createUrlMatcher(patterns)(bare(url)), `${url} against ${kind}`).toBe(sameShape)
      }
    }
  })
})
