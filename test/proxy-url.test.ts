// Reading a proxy address with plain string rules (the main thread has no URL class): accepted addresses
// are checked against the WHATWG URL parser Node has, and hosts that parser would rewrite are refused.
import { describe, expect, test } from 'vitest'

import { checkProxyUrl, parseProxyUrl } from '../src/proxy-url'

describe('parseProxyUrl', () => {
  test.each([
    'https://keyframe.example.com/api/fal/proxy',
    'https://keyframe.example.com',
    'HTTPS://Keyframe.EXAMPLE.com:443/api/fal/proxy',
    'https://keyframe.example.com:8443/api/fal/proxy',
    'http://localhost:8787/api/fal/proxy',
    'http://LOCALHOST:80/api/fal/proxy',
    'http://127.0.0.1:8787/api/fal/proxy',
    'https://[::1]:9000/x',
    'https://10.0.0.12/api/fal/proxy'
  ])('%s: same origin and host as the URL parser', (text) => {
    const parsed = parseProxyUrl(text)
    const url = new URL(text)
    expect(parsed).toEqual({ ok: true, address: { url: url.href.replace(/\/$/, url.pathname === '/' && !text.endsWith('/') ? '' : '/'), origin: url.origin, host: url.host } })
  })

  test.each([
    ['', /is not a proxy address/],
    ['keyframe.example.com/api/fal/proxy', /is not a proxy address/],
    ['ftp://keyframe.example.com', /is not a proxy address/],
    ['https://user:pw@keyframe.example.com', /is not a proxy address/],
    ['https://keyframe.example.com/api?x=1', /is not a proxy address/],
    ['https://keyframe.example.com/#frag', /is not a proxy address/],
    ['https://keyframe.example.com\\@evil.example/', /is not a proxy address/],
    ['https://keyframe.example.com:99999/', /has no valid port/],
    ['https://127.1/api/fal/proxy', /is not a proxy address/],
    ['https://2130706433/api/fal/proxy', /is not a proxy address/],
    ['https://0x7f.0.0.1/api/fal/proxy', /is not a proxy address/],
    ['https://09.1.1.1/api/fal/proxy', /is not a proxy address/],
    ['https://[0:0::1]/api/fal/proxy', /is not a proxy address/],
    ['http://keyframe.example.com/api/fal/proxy', /must use https/]
  ])('refuses %j', (text, message) => {
    const parsed = parseProxyUrl(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.message).toMatch(message)
  })
})

describe('checkProxyUrl', () => {
  const allowed = ['https://keyframe.example.com', 'http://localhost:8787']

  test('accepts an address on an allowed origin, whatever its case or default port', () => {
    expect(checkProxyUrl('https://KEYFRAME.example.com:443/api/fal/proxy', allowed)).toMatchObject({ ok: true, address: { origin: 'https://keyframe.example.com' } })
    expect(checkProxyUrl('http://localhost:8787/api/fal/proxy', allowed)).toMatchObject({ ok: true })
  })

  test('refuses another origin, another port or 127.0.0.1 for localhost: Figma matches origins exactly', () => {
    for (const text of ['https://evil.example.com/api/fal/proxy', 'https://keyframe.example.com:8443/api/fal/proxy', 'http://127.0.0.1:8787/api/fal/proxy']) {
      const check = checkProxyUrl(text, allowed)
      expect(check.ok, text).toBe(false)
      if (!check.ok) expect(check.message).toMatch(/^This build of Keyframe can't reach .* KEYFRAME_PROXY_ORIGIN=/)
    }
  })
})
