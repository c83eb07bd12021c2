// When the usage route cannot be fetched, "unreachable" (which turns Generate off) is said only when
// nothing at all answers at the proxy's origin: a CORS refusal from a reverse proxy that passes only the fal
// route looks like the same failed fetch, and must not stop the designer.
import { describe, expect, test } from 'vitest'

import { readUsage, UsageError } from '../../src/ui/usage/read-usage'

const connection = { proxyUrl: 'http://localhost:8787/api/fal/proxy', token: '' }

describe('reading usage when the fetch fails', () => {
  test('something answers at the origin (an opaque answer): the usage is unreadable, the proxy is not unreachable', async () => {
    const calls: string[] = []
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push(`${String(input)} ${init?.mode ?? ''}`)
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 })
      throw new TypeError('Failed to fetch')
    }) as typeof fetch
    const error = await readUsage(connection, fetchImpl).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as UsageError).problem).toBe('answer')
    expect(calls).toEqual(['http://localhost:8787/api/keyframe/usage ', 'http://localhost:8787 no-cors'])
  })

  test('nothing answers at all: unreachable, with what to check', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('Failed to fetch')
    }) as typeof fetch
    const error = await readUsage(connection, fetchImpl).catch((e: unknown) => e)
    expect((error as UsageError).problem).toBe('unreachable')
    expect((error as UsageError).message).toBe("Can't reach the proxy at http://localhost:8787. Is it running (npm start for the local one), and is the URL right?")
  })
})
