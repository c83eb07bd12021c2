// Token labels: PROXY_TOKENS=alice:<token>,<token>. The first ':' ends the label, labels are short and
// plain and name one token each, and no refusal ever prints a token.
import { describe, expect, it } from 'vitest'

import { hashToken } from '../../src/proxy/auth'
import { optionsFromEnv, resolveOptions, tokenLabel } from '../../src/proxy/config'
import { callProxy, QUEUE, startTestProxy, testToken } from './helpers'

const [A, B, C] = ['a', 'b', 'c'].map((n) => testToken(`label-${n}`)) as [string, string, string]

const resolveEnv = (env: Record<string, string>) => resolveOptions(optionsFromEnv(env))

describe('token labels', () => {
  it('reads label:token, keeps unlabelled tokens, and maps each hash to its label', () => {
    const o = resolveEnv({ PROXY_TOKENS: `alice:${A}, ${B}`, ADMIN_TOKENS: `ops.lead-1:${C}` })
    // The tokens accepted are the tokens alone, admins included.
    expect([...o.tokens].sort()).toEqual([A, B, C].sort())
    expect(o.adminTokens).toEqual([C])
    expect(tokenLabel(o, hashToken(A))).toBe('alice')
    expect(tokenLabel(o, hashToken(B))).toBeUndefined()
    expect(tokenLabel(o, hashToken(C))).toBe('ops.lead-1')
  })

  it('a token may contain colons: only the first one ends the label', () => {
    const withColons = `${A}:x:y`
    const o = resolveEnv({ PROXY_TOKENS: `carol:${withColons}` })
    expect(o.tokens).toEqual([withColons])
    expect(tokenLabel(o, hashToken(withColons))).toBe('carol')
  })

  it('the same token with the same label in both lists is one teammate', () => {
    const o = resolveEnv({ PROXY_TOKENS: `alice:${A}`, ADMIN_TOKENS: `alice:${A}` })
    expect(o.tokens).toEqual([A])
    expect(tokenLabel(o, hashToken(A))).toBe('alice')
  })

  it.each([
    [`:${A}`, /entry 1 of 1 in PROXY_TOKENS has a bad label before its first ':' \(it is empty\)/],
    [`${'x'.repeat(33)}:${A}`, /entry 1 of 1 in PROXY_TOKENS has a bad label .*33 characters, at most 32/],
    [`al ice:${A}`, /entry 1 of 1 in PROXY_TOKENS has a bad label .*only letters, digits, \. _ - are allowed/],
    [`${B}, ali/ce:${A}`, /entry 2 of 2 in PROXY_TOKENS has a bad label/]
  ])('refuses a bad label in %s, without printing it', (tokens, message) => {
    expect(() => resolveEnv({ PROXY_TOKENS: tokens })).toThrow(message)
    try {
      resolveEnv({ PROXY_TOKENS: tokens })
    } catch (error) {
      expect((error as Error).message).not.toContain(A)
      expect((error as Error).message).not.toContain(B)
    }
  })

  it('a token written before its label (<token>:alice) is refused without echoing the token', () => {
    // 64 hex characters are too long for a label; the message names the entry, not its text.
    const hex = 'ab12'.repeat(8) + 'cd34ef56'.repeat(4)
    let message = ''
    try {
      resolveEnv({ PROXY_TOKENS: `${hex}:alice` })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/entry 1 of 1 in PROXY_TOKENS has a bad label .*64 characters/)
    expect(message).not.toContain(hex)
  })

  it('refuses one label on two tokens, and two labels on one token, naming the label', () => {
    expect(() => resolveEnv({ PROXY_TOKENS: `alice:${A},alice:${B}` })).toThrow('the label "alice" is given to two different tokens')
    expect(() => resolveEnv({ PROXY_TOKENS: `alice:${A}`, ADMIN_TOKENS: `alice:${C}` })).toThrow('the label "alice" is given to two different tokens')
    expect(() => resolveEnv({ PROXY_TOKENS: `alice:${A}`, ADMIN_TOKENS: `ali:${A}` })).toThrow('one token is labelled both "alice" and "ali"')
  })

  it('a weak token behind a label is still refused, and its label does not hide it', () => {
    expect(() => resolveEnv({ PROXY_TOKENS: 'alice:short' })).toThrow(/entry 1 of 1 in PROXY_TOKENS is too weak/)
  })

  it('the request log names the label where there is one, and never the token', async () => {
    const logs: string[] = []
    const proxy = await startTestProxy({ tokens: [`alice:${A}`, B], offlineLatencyMs: 10 })
    try {
      for (const token of [A, B]) await callProxy(proxy.proxyUrl, { method: 'GET', target: `${QUEUE}/fal-ai/kling-image/requests/none/status`, token })
      logs.push(...proxy.logs)
    } finally {
      await proxy.stop()
    }
    const lines = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.path !== undefined)
    expect(lines[0]).toMatchObject({ token: hashToken(A).slice(0, 8), label: 'alice' })
    expect(lines[1]).toMatchObject({ token: hashToken(B).slice(0, 8) })
    expect(lines[1]).not.toHaveProperty('label')
    expect(logs.join('\n')).not.toContain(A)
    expect(logs.join('\n')).not.toContain(B)
  })
})
