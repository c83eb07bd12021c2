// Figma's notifications (figma.notify) show at most 100 characters. Every toast the plugin shows is
// written short on purpose; this is the guard for one that is not, and it never cuts mid-word.

export const TOAST_MAX_CHARS = 100

/** The text as is when it fits; otherwise cut after the last whole word that fits, with an ellipsis. */
export function fitToast(text: string): string {
  if (text.length <= TOAST_MAX_CHARS) return text
  const room = text.slice(0, TOAST_MAX_CHARS - 1)
  const lastSpace = room.lastIndexOf(' ')
  return `${(lastSpace > 0 ? room.slice(0, lastSpace) : room).replace(/[\s,.;:·—-]+$/, '')}…`
}
