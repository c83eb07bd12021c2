// Getting an export out of the plugin: a download the browser saves, or text on the clipboard.

/** Saves the data as a file through the browser's own download (a Blob and an `<a download>`). */
export function downloadFile(data: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Revoked later, not at once: the browser may still be reading the Blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/**
 * Puts text on the clipboard. A plugin's iframe may be refused the Clipboard API (it needs the
 * clipboard-write permission policy), so the older way follows: a hidden textarea, selected and copied.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    return
  } catch {
    // Refused or missing: try the textarea.
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.setAttribute('aria-hidden', 'true')
  area.style.cssText = 'position:fixed;left:-9999px;top:0;opacity:0'
  document.body.appendChild(area)
  area.select()
  let copied = false
  try {
    copied = document.execCommand('copy')
  } finally {
    area.remove()
  }
  if (!copied) throw new Error('The browser did not allow copying here. Use Download CSV instead.')
}
