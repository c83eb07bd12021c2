// The plugin's own cancel call (src/ui/jobs/cancel-request.ts) through the real proxy: it reads which of
// fal's answers came back, which @fal-ai/client's queue.cancel throws away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CancelRefused, cancelThroughProxy } from '../../src/ui/jobs/cancel-request'
import { falClientFor, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

let proxy: TestProxy
const TOKEN = testToken('test-cancel-token')

beforeAll(async () => {
  proxy = await startTestProxy({ offlineLatencyMs: 3000, tokens: [TOKEN] })
})
afterAll(() => proxy.stop())

describe('cancel through the proxy', () => {
  it('uses the cancel_url fal named, and reports OK for a queued request, then the same answer again', async () => {
    const submitted = await falClientFor(proxy.proxyUrl, TOKEN).queue.submit(O3_T2I, { input: { prompt: 'Cancel me' } })
    const cancel = cancelThroughProxy({ proxyUrl: proxy.proxyUrl, token: TOKEN })
    expect(await cancel(submitted.cancel_url)).toBe('OK')
    expect(await cancel(submitted.cancel_url)).toBe('OK')
  })

  it('reports NOT_FOUND (answered with a 404) as an answer, not an error', async () => {
    const cancel = cancelThroughProxy({ proxyUrl: proxy.proxyUrl, token: TOKEN })
    expect(await cancel(`${QUEUE}/fal-ai/kling-image/requests/00000000-0000-4000-8000-000000000000/cancel`)).toBe('NOT_FOUND')
  })

  it('a refusal by the proxy is an error that says the status and why, never an answer', async () => {
    const cancel = cancelThroughProxy({ proxyUrl: proxy.proxyUrl, token: 'test-wrong-token' })
    const error = await cancel(`${QUEUE}/fal-ai/kling-image/requests/00000000-0000-4000-8000-000000000000/cancel`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CancelRefused)
    expect((error as Error).message).toMatch(/^The cancel was refused \(HTTP 401: /)
    expect((error as Error).message).not.toContain('test-wrong-token')
  })
})
