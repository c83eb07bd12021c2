// Per-user settings and the upload cache, kept in figma.clientStorage (local to this machine, never in
// the document, so the proxy token is not shared with everyone who opens the file).
import { addPreset, type ChosenSettings, parseSavedPresets, type Preset, removePreset } from '../kling/presets'
import type { ProxySettings } from '../messages'
import { checkProxyUrl, DEFAULT_PROXY_URL } from '../proxy-url'

const SETTINGS_KEY = 'keyframe.settings'
const UPLOADS_KEY = 'keyframe.uploads'
const PRESETS_KEY = 'keyframe.presets'
/** fal CDN URLs for reference images, by SHA-256 of their bytes; the oldest are dropped past this. */
const MAX_CACHED_UPLOADS = 500

export async function loadSettings(): Promise<ProxySettings> {
  const saved = (await figma.clientStorage.getAsync(SETTINGS_KEY)) as { proxyUrl?: string; token?: string } | undefined
  const token = saved?.token ?? ''
  if (!saved?.proxyUrl) return { proxyUrl: DEFAULT_PROXY_URL, token, isDefault: true }
  // Saved under another build of the plugin, whose manifest may have allowed a proxy this one does not.
  const check = checkProxyUrl(saved.proxyUrl)
  return { proxyUrl: saved.proxyUrl, token, isDefault: false, ...(check.ok ? {} : { problem: check.message }) }
}

export async function saveSettings(settings: { proxyUrl: string; token: string }): Promise<ProxySettings> {
  const check = checkProxyUrl(settings.proxyUrl)
  if (!check.ok) throw new Error(check.message)
  await figma.clientStorage.setAsync(SETTINGS_KEY, { proxyUrl: check.address.url, token: settings.token.trim() })
  return loadSettings()
}

async function readUploads(): Promise<[string, string][]> {
  const stored = (await figma.clientStorage.getAsync(UPLOADS_KEY)) as [string, string][] | undefined
  return Array.isArray(stored) ? stored : []
}

export async function lookupUploads(hashes: string[]): Promise<Record<string, string>> {
  const known = new Map(await readUploads())
  const found: Record<string, string> = {}
  for (const hash of hashes) {
    const url = known.get(hash)
    if (url !== undefined) found[hash] = url
  }
  return found
}

export async function rememberUpload(hash: string, url: string): Promise<void> {
  const entries = (await readUploads()).filter(([h]) => h !== hash)
  entries.push([hash, url])
  await figma.clientStorage.setAsync(UPLOADS_KEY, entries.slice(-MAX_CACHED_UPLOADS))
}

/** This designer's own presets, as far as they can be read (another version may have stored them). */
export async function loadPresets(): Promise<Preset[]> {
  return parseSavedPresets(await figma.clientStorage.getAsync(PRESETS_KEY))
}

export async function savePreset(name: string, settings: ChosenSettings): Promise<Preset[]> {
  const presets = addPreset(await loadPresets(), name, settings)
  await figma.clientStorage.setAsync(PRESETS_KEY, presets)
  return presets
}

export async function deletePreset(name: string): Promise<Preset[]> {
  const presets = removePreset(await loadPresets(), name)
  await figma.clientStorage.setAsync(PRESETS_KEY, presets)
  return presets
}
