// Per-user settings and the upload cache, kept in figma.clientStorage (local to this machine, never in
// the document, so the proxy token is not shared with everyone who opens the file).
import * as z from 'zod/mini'

import { addPreset, type ChosenSettings, parseSavedPresets, type Preset, removePreset } from '../kling/presets'
import { readTreatments, type Treatment, treatmentListProblem } from '../kling/treatments'
import type { ProxySettings } from '../messages'
import { checkProxyUrl, DEFAULT_PROXY_URL } from '../proxy-url'

const SETTINGS_KEY = 'keyframe.settings'
const UPLOADS_KEY = 'keyframe.uploads'
const PRESETS_KEY = 'keyframe.presets'
const TREATMENTS_KEY = 'keyframe.looks'
/** fal CDN URLs for reference images, by SHA-256 of their bytes; the oldest are dropped past this. */
const MAX_CACHED_UPLOADS = 500

// What saveSettings writes. Read back with a check: another version, or a hand edit, may have left anything.
const savedSettings = z.looseObject({ proxyUrl: z.optional(z.string()), token: z.optional(z.string()) })
const uploadEntry = z.tuple([z.string(), z.string()])

export async function loadSettings(): Promise<ProxySettings> {
  const stored: unknown = await figma.clientStorage.getAsync(SETTINGS_KEY)
  const checked = stored === undefined ? undefined : savedSettings.safeParse(stored)
  if (checked?.success === false) {
    // Left as it is (only Save writes it), so the defaults stand in until the designer saves.
    const problem = 'The saved proxy settings on this machine cannot be read (another version or an edit changed them); they were left as they are. Enter the proxy address and token and Save to replace them.'
    return { proxyUrl: DEFAULT_PROXY_URL, token: '', isDefault: true, problem }
  }
  const saved = checked?.data
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

/** The cache as stored, entries that are not [hash, url] pairs included: they are kept, never read. */
async function readUploads(): Promise<unknown[]> {
  const stored: unknown = await figma.clientStorage.getAsync(UPLOADS_KEY)
  return Array.isArray(stored) ? stored : []
}

function isUploadEntry(entry: unknown): entry is [string, string] {
  return uploadEntry.safeParse(entry).success
}

export async function lookupUploads(hashes: string[]): Promise<Record<string, string>> {
  const known = new Map((await readUploads()).filter(isUploadEntry))
  const found: Record<string, string> = {}
  for (const hash of hashes) {
    const url = known.get(hash)
    if (url !== undefined) found[hash] = url
  }
  return found
}

export async function rememberUpload(hash: string, url: string): Promise<void> {
  const entries = (await readUploads()).filter((entry) => !isUploadEntry(entry) || entry[0] !== hash)
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

/** The designer's list of looks; the built-in six until one is saved (or when the saved one cannot be read). */
export async function loadTreatments(): Promise<{ treatments: Treatment[]; note?: string }> {
  return readTreatments(await figma.clientStorage.getAsync(TREATMENTS_KEY))
}

/** Checked before it is stored: a list the panel could not read back is never written. */
export async function saveTreatments(treatments: Treatment[]): Promise<{ treatments: Treatment[]; note?: string }> {
  const problem = treatmentListProblem(treatments)
  if (problem) throw new Error(problem)
  await figma.clientStorage.setAsync(TREATMENTS_KEY, treatments.map(({ name, phrase }) => ({ name: name.trim(), phrase: phrase.trim() })))
  return loadTreatments()
}
