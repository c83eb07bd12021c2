// Per-user settings and the upload cache, kept in figma.clientStorage (local to this machine, never in
// the document, so the proxy token is not shared with everyone who opens the file).
import { DEFAULT_PROXY_URL, type ProxySettings } from '../messages'

const SETTINGS_KEY = 'keyframe.settings'
const UPLOADS_KEY = 'keyframe.uploads'
/** fal CDN URLs for reference images, by SHA-256 of their bytes; the oldest are dropped past this. */
const MAX_CACHED_UPLOADS = 500

export async function loadSettings(): Promise<ProxySettings> {
  const saved = (await figma.clientStorage.getAsync(SETTINGS_KEY)) as { proxyUrl?: string; token?: string } | undefined
  if (!saved?.proxyUrl) return { proxyUrl: DEFAULT_PROXY_URL, token: saved?.token ?? '', isDefault: true }
  return { proxyUrl: saved.proxyUrl, token: saved.token ?? '', isDefault: false }
}

export async function saveSettings(settings: { proxyUrl: string; token: string }): Promise<ProxySettings> {
  const proxyUrl = settings.proxyUrl.trim()
  let url: URL
  try {
    url = new URL(proxyUrl)
  } catch {
    throw new Error(`"${proxyUrl}" is not a URL. Use the proxy address your team gave you, e.g. ${DEFAULT_PROXY_URL}.`)
  }
  if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    throw new Error('The proxy must use https:// (plain http only works for localhost).')
  }
  await figma.clientStorage.setAsync(SETTINGS_KEY, { proxyUrl, token: settings.token.trim() })
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
