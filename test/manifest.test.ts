import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import overrideManifest from '../build-figma-plugin.manifest.js'
import { proxyOriginFromEnv } from '../src/manifest-hosts.js'

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'))

describe('manifest.json', () => {
  it('declares the document access, editor and entry points', () => {
    expect(manifest).toMatchObject({
      name: 'Keyframe',
      editorType: ['figma'],
      documentAccess: 'dynamic-page',
      main: 'build/main.js',
      ui: 'build/ui.js'
    })
  })

  it('reaches exactly fal\'s media CDN, plus the local proxy in development', () => {
    expect(manifest.networkAccess.allowedDomains).toEqual(['https://fal.media', 'https://*.fal.media'])
    expect(manifest.networkAccess.devAllowedDomains).toEqual(['http://localhost:8787'])
    expect(manifest.networkAccess.reasoning).toMatch(/proxy/)
  })

  it('is the committed output of the build (edit package.json or build-figma-plugin.manifest.js, not manifest.json)', () => {
    // `npm test` builds first, so a stale committed manifest shows up as a diff here.
    const diff = execFileSync('git', ['diff', '--stat', '--', 'manifest.json'], { encoding: 'utf8' })
    expect(diff).toBe('')
  })

  it('adds the team proxy origin given at build time, and nothing else', () => {
    const base = { name: 'Keyframe' }
    const prev = process.env.KEYFRAME_PROXY_ORIGIN
    process.env.KEYFRAME_PROXY_ORIGIN = 'https://keyframe-proxy.example.com'
    try {
      expect(overrideManifest(base).networkAccess.allowedDomains).toEqual([
        'https://fal.media',
        'https://*.fal.media',
        'https://keyframe-proxy.example.com'
      ])
    } finally {
      if (prev === undefined) delete process.env.KEYFRAME_PROXY_ORIGIN
      else process.env.KEYFRAME_PROXY_ORIGIN = prev
    }
  })

  it.each([
    ['http://proxy.example.com', /https/],
    ['https://proxy.example.com/api/fal/proxy', /origin only.*https:\/\/proxy\.example\.com/],
    ['not a url', /must be an origin/]
  ])('refuses KEYFRAME_PROXY_ORIGIN=%s', (value, message) => {
    expect(() => proxyOriginFromEnv({ KEYFRAME_PROXY_ORIGIN: value })).toThrow(message)
  })
})
