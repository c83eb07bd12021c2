// The generation settings this file remembers, in the document's own plugin data, so whoever opens the
// file starts where its last generation left off. The main thread keeps the value as it is given: the UI
// writes it and reads it back with a check (src/ui/form/remembered-settings.ts), which keeps the catalog
// out of this bundle.

export const FILE_SETTINGS_KEY = 'keyframe.file-settings'
/** Five short choices fit in a few hundred characters; anything longer is not ours. */
export const MAX_FILE_SETTINGS_CHARS = 2000

export function loadFileSettings(): string {
  return figma.root.getPluginData(FILE_SETTINGS_KEY)
}

export function saveFileSettings(json: string): void {
  if (typeof json !== 'string' || json.length > MAX_FILE_SETTINGS_CHARS) {
    throw new Error(`The file's settings must be text of at most ${MAX_FILE_SETTINGS_CHARS} characters.`)
  }
  figma.root.setPluginData(FILE_SETTINGS_KEY, json)
}
