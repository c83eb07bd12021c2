// The shot list as a table, and its two forms: tab-separated text for pasting into a spreadsheet, and
// RFC 4180 CSV for downloading. Pure.
import type { ExportStoryboard } from '../../messages'

const HEADER = ['Panel', 'Caption', 'Shot', 'Prompt', 'Model', 'Resolution', 'Aspect ratio', 'Cost (USD)', 'Request id']

/** Header row first, then one row per panel; a Storyboard column leads when several sections are listed. */
export function shotListTable(storyboards: readonly ExportStoryboard[]): string[][] {
  const several = storyboards.length > 1
  const rows = storyboards.flatMap((s) =>
    s.panels.map((p) => {
      const row = [String(p.number), p.caption, p.shot, p.prompt, p.model, p.resolution, p.aspectRatio, p.costUsd === null ? '' : String(p.costUsd), p.requestId]
      return several ? [s.name, ...row] : row
    })
  )
  return [several ? ['Storyboard', ...HEADER] : HEADER, ...rows]
}

/**
 * A cell Excel or Sheets would run as a formula ("=", "+", "-", "@", or a tab or carriage return first; a
 * prompt often starts "@Mara") starts with "'" instead, so it stays text (OWASP's advice on CSV injection).
 */
const asText = (field: string): string => (/^[=+\-@\t\r]/.test(field) ? `'${field}` : field)

/** Tabs and line breaks inside a field would start a new cell or row when pasted: they become spaces. */
export function toTsv(table: readonly (readonly string[])[]): string {
  return table.map((row) => row.map((field) => asText(field.replace(/\r\n|[\t\r\n]/g, ' '))).join('\t')).join('\n')
}

/** RFC 4180: fields with a comma, quote or line break are quoted (quotes doubled); lines end in CRLF. */
export function toCsv(table: readonly (readonly string[])[]): string {
  const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)
  return table.map((row) => row.map((field) => quote(asText(field))).join(',') + '\r\n').join('')
}

/** The number of panel rows (the header not counted). */
export const rowCount = (table: readonly unknown[]): number => Math.max(0, table.length - 1)

/**
 * A file name from the section names: characters file systems refuse become "-", and a trailing "…" or
 * "." goes (a shortened title would otherwise end "….pdf").
 */
export function exportFileName(storyboards: readonly { name: string }[], extension: string): string {
  const first = (storyboards[0]?.name ?? '')
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-')
    .replace(/\s+/g, ' ')
    .slice(0, 80)
    .replace(/[\s.…]+$/, '')
    .trim()
  const base = (first === '' ? 'Storyboard' : first) + (storyboards.length > 1 ? ` and ${storyboards.length - 1} more` : '')
  return `${base}.${extension}`
}
