// The bench's stand-in for fal's hosts (bench/fal-redirect.ts) and its check that nothing tracks promises
// in the timed process (bench/promise-tracking.ts).
import { spawnSync } from 'node:child_process'

import { describe, expect, it } from 'vitest'

import { falRedirect } from '../bench/fal-redirect'

const SERVICE = 'http://127.0.0.1:9/api/fal/proxy'

describe('falRedirect', () => {
  const redirect = falRedirect(SERVICE)

  it("sends a call to fal's queue to the service, naming the target as server-proxy would", () => {
    const target = 'https://queue.fal.run/fal-ai/kling-image/requests/abc/status'
    expect(redirect(target, { authorization: 'Key k' })).toEqual({ url: SERVICE, headers: { authorization: 'Key k', 'x-fal-target-url': target } })
  })

  it('leaves any other host alone, lookalikes included', () => {
    for (const target of ['https://queue.fal.run.example.com/x', 'http://queue.fal.run/x', 'https://example.com/queue.fal.run/x']) {
      expect(redirect(target, {})).toEqual({ url: target, headers: {} })
    }
  })
})

describe('promisesTracked', () => {
  const probe = (setup: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `${setup}\nconst { promisesTracked } = await import('./bench/promise-tracking.ts'); console.log(await promisesTracked())`], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' })

  it('is false in a plain process and true once an AsyncLocalStorage has run', () => {
    expect(probe('').stdout.trim()).toBe('false')
    expect(probe("const { AsyncLocalStorage } = await import('node:async_hooks'); await new AsyncLocalStorage().run(1, async () => {})").stdout.trim()).toBe('true')
  })

  it('is true once the server has been given upstreamFetch and forwarded through it', () => {
    const setup = "const { runWithUpstreamFetch } = await import('./src/proxy/upstream-fetch.ts'); await runWithUpstreamFetch(async () => new Response(''), async () => {})"
    expect(probe(setup).stdout.trim()).toBe('true')
  })
})
