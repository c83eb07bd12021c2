import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import overrideManifest from '../build-figma-plugin.manifest.js'
import { allowedProxyOrigins, proxyOriginsFromEnv } from '../src/manifest-hosts.js'

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'))
// A release build (KEYFRAME_PROXY_ORIGIN / KEYFRAME_PLUGIN_ID set) must pass the same suite.
const teamOrigins = proxyOriginsFromEnv(process.env)
const releaseBuild = teamOrigins.length > 0 || (process.env.KEYFRAME_PLUGIN_ID ?? '') !== ''

function withEnv<T>(env: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  Object.assign(process.env, env)
  try {
    return fn()
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

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

  it('declares the relaunch buttons Keyframe sets: Regenerate and Variations on panels, Open Keyframe on sections', async () => {
    const { KEYFRAME_RELAUNCH_COMMANDS } = await import('../src/host/figma')
    expect(manifest.relaunchButtons).toEqual([
      { name: 'Regenerate', command: 'regenerate', multipleSelection: true },
      { name: 'Variations', command: 'variations', multipleSelection: true },
      { name: 'Open Keyframe', command: 'open' }
    ])
    // The in-memory Figma accepts exactly these commands in setRelaunchData.
    expect(manifest.relaunchButtons.map((b: { command: string }) => b.command)).toEqual(KEYFRAME_RELAUNCH_COMMANDS)
  })

  it('asks for figma.currentUser, which records who started each job (nothing else)', () => {
    expect(manifest.permissions).toEqual(['currentuser'])
  })

  it('reaches exactly fal\'s media CDN and the proxy origins it was built with, plus the local proxy in development', () => {
    expect(manifest.networkAccess.allowedDomains).toEqual(['https://fal.media', 'https://*.fal.media', ...teamOrigins])
    expect(manifest.networkAccess.devAllowedDomains).toEqual(['http://localhost:8787'])
    expect(manifest.networkAccess.reasoning).toMatch(/proxy/)
  })

  it.skipIf(releaseBuild)('is the committed output of the build (edit package.json or build-figma-plugin.manifest.js, not manifest.json)', () => {
    // `npm test` builds first, so a stale committed manifest shows up as a diff here.
    const diff = execFileSync('git', ['diff', '--stat', '--', 'manifest.json'], { encoding: 'utf8' })
    expect(diff).toBe('')
  })

  it('adds the team\'s proxy origins given at build time (one or several), and nothing else', () => {
    const built = withEnv({ KEYFRAME_PROXY_ORIGIN: 'https://keyframe.example.com, https://keyframe-staging.example.com:8443' }, () =>
      overrideManifest({ name: 'Keyframe', id: 'dev-id' })
    )
    expect(built.networkAccess.allowedDomains).toEqual([
      'https://fal.media',
      'https://*.fal.media',
      'https://keyframe.example.com',
      'https://keyframe-staging.example.com:8443'
    ])
    expect(built.networkAccess.devAllowedDomains).toEqual(['http://localhost:8787'])
  })

  it('takes the published plugin id from KEYFRAME_PLUGIN_ID, and keeps the development id otherwise', () => {
    expect(withEnv({ KEYFRAME_PLUGIN_ID: '1234567890123456789' }, () => overrideManifest({ id: 'dev-id' })).id).toBe('1234567890123456789')
    expect(withEnv({ KEYFRAME_PLUGIN_ID: '' }, () => overrideManifest({ id: 'dev-id' })).id).toBe('dev-id')
    expect(() => withEnv({ KEYFRAME_PLUGIN_ID: 'my plugin"' }, () => overrideManifest({ id: 'dev-id' }))).toThrow(/KEYFRAME_PLUGIN_ID must be the id Figma gave/)
  })

  it('compiles the same proxy origins into the plugin for Settings, with the local one last', () => {
    expect(allowedProxyOrigins({ KEYFRAME_PROXY_ORIGIN: 'https://a.example.com,https://b.example.com' })).toEqual([
      'https://a.example.com',
      'https://b.example.com',
      'http://localhost:8787'
    ])
    expect(allowedProxyOrigins({})).toEqual(['http://localhost:8787'])
  })

  it.each([
    ['*', /Wildcards are not allowed/],
    ['https://*.example.com', /Wildcards are not allowed/],
    ['https://a.example.com,*', /Wildcards are not allowed/],
    ['http://proxy.example.com', /must use https/],
    ['https://proxy.example.com/api/fal/proxy', /origins only.*"https:\/\/proxy\.example\.com"/],
    ['not a url', /"not a url" is not one/],
    ['https://a.example.com,,https://b.example.com', /must list proxy origins/]
  ])('refuses KEYFRAME_PROXY_ORIGIN=%s', (value, message) => {
    expect(() => proxyOriginsFromEnv({ KEYFRAME_PROXY_ORIGIN: value })).toThrow(message)
  })
})
