// A request that ends without images (cancelled before it ran) keeps its ending: the keeper keeps fal's
// final answer, and the kept status still carries fal's error and error_type, so the plugin's follower
// (src/ui/jobs/wait-for-result.ts) says "cancelled" as it would have from fal itself, instead of failing to
// fetch a result and trying again on every reopen.
import { afterEach, describe, expect, it } from 'vitest'

import type { EndpointId } from '../../../src/kling'
import type { JobDeps } from '../../../src/ui/jobs/job-deps'
import { waitForResult, type WaitReport } from '../../../src/ui/jobs/wait-for-result'
import { callProxy, falClientFor, O3_T2I, QUEUE, sleep, startTestProxy, type TestProxy, testToken } from '../helpers'

const TOKEN = testToken('alice-kept-failures')
let proxy: TestProxy | undefined
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

const quiet: WaitReport = { queued: () => undefined, generating: () => undefined, cancelAnswered: () => undefined, completed: () => undefined }

/** Submits, cancels while queued (fal answers OK), and lets the keeper run a few rounds. */
async function cancelledWhileQueued(followIntervalMs: number) {
  proxy = await startTestProxy({ tokens: [TOKEN], offlineLatencyMs: 2000, offlineFaults: { holdInQueueMs: 1500 }, followIntervalMs })
  const fal = falClientFor(proxy.proxyUrl, TOKEN)
  const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'a job cancelled while queued' } as never })
  const base = `${QUEUE}/fal-ai/kling-image/requests/${requestId}`
  const cancel = await callProxy(proxy.proxyUrl, { method: 'PUT', target: `${base}/cancel`, token: TOKEN })
  expect(await cancel.json()).toMatchObject({ status: 'OK' })
  return { fal, requestId, base }
}

describe('kept endings', () => {
  it('a cancelled request, once kept, still reads as cancelled to the plugin', async () => {
    const { fal, requestId, base } = await cancelledWhileQueued(40)
    // The keeper keeps fal's answer for it within a few rounds.
    let status: Record<string, unknown> = {}
    for (let i = 0; i < 50 && status.error_type === undefined; i++) {
      await sleep(50)
      status = await (await callProxy(proxy!.proxyUrl, { method: 'GET', target: `${base}/status`, token: TOKEN })).json()
    }
    expect(status).toMatchObject({ status: 'COMPLETED', error_type: 'request_cancelled' })
    // Reopened without the cancel's answer on record (closed before it came back): fal's final status decides.
    const deps = { fal, cancel: async () => 'OK' as const, sleep, pollIntervalMs: 50 } as unknown as JobDeps
    const outcome = await waitForResult(deps, { endpoint: O3_T2I as EndpointId, requestId, cancelUrl: `${base}/cancel` }, quiet, () => false)
    expect(outcome).toEqual({ kind: 'cancelled' })
  })
})
