// The few styles the panel adds on top of @create-figma-plugin/ui, all in Figma's theme colours.
import type { JSX } from 'preact'

type Style = JSX.CSSProperties

const text: Style = { fontSize: 11, lineHeight: '16px', margin: '4px 0 0' }

export const styles = {
  // The plugin window: the panel scrolls, the footer (cost, Generate, the running job) stays at the bottom.
  window: { height: '100vh', display: 'flex', flexDirection: 'column' },
  page: { padding: '8px 12px 16px', display: 'flex', flexDirection: 'column', gap: 12, flex: '1 1 auto', minHeight: 0, overflowY: 'auto' },
  stickyFooter: {
    flex: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: 4,
    padding: '8px 12px',
    borderTop: '1px solid var(--figma-color-border)',
    background: 'var(--figma-color-bg)'
  },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between' },
  title: { fontSize: 13, fontWeight: 600, margin: 0 },
  field: { display: 'flex', flexDirection: 'column', gap: 4 },
  label: { fontSize: 11, fontWeight: 600, color: 'var(--figma-color-text)' },
  row: { display: 'flex', gap: 8, alignItems: 'flex-start' },
  grow: { flex: 1, minWidth: 0 },
  error: { ...text, color: 'var(--figma-color-text-danger)' },
  warning: { ...text, color: 'var(--figma-color-text-warning)' },
  hint: { ...text, color: 'var(--figma-color-text-secondary)' },
  muted: { fontSize: 11, color: 'var(--figma-color-text-secondary)' },
  thumbnail: {
    width: 40,
    height: 40,
    objectFit: 'cover',
    borderRadius: 2,
    background: 'var(--figma-color-bg-secondary)',
    flex: 'none'
  },
  card: {
    border: '1px solid var(--figma-color-border)',
    borderRadius: 4,
    padding: 8,
    display: 'flex',
    flexDirection: 'column',
    gap: 4
  },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6 },
  completions: {
    listStyle: 'none',
    margin: 0,
    padding: 4,
    border: '1px solid var(--figma-color-border)',
    borderRadius: 4,
    background: 'var(--figma-color-bg)',
    boxShadow: '0 2px 8px rgba(0,0,0,.15)'
  },
  completion: { padding: '2px 6px', fontSize: 11, cursor: 'pointer', borderRadius: 2 },
  activeCompletion: { background: 'var(--figma-color-bg-brand)', color: 'var(--figma-color-text-onbrand)' },
  chips: { display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' },
  chip: {
    fontSize: 11,
    lineHeight: '16px',
    padding: '2px 6px',
    borderRadius: 4,
    border: '1px solid var(--figma-color-border)',
    background: 'var(--figma-color-bg)',
    color: 'var(--figma-color-text)',
    cursor: 'pointer'
  },
  // The whole border, not only its colour: preact clears a removed longhand after setting the shorthand,
  // which left every chip once chosen with a dark default border.
  chosenChip: { background: 'var(--figma-color-bg-brand)', color: 'var(--figma-color-text-onbrand)', border: '1px solid var(--figma-color-bg-brand)' },
  foldedJob: { border: '1px solid var(--figma-color-border)', borderRadius: 4 },
  foldedButton: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: 8,
    width: '100%',
    minWidth: 0,
    padding: '4px 8px',
    border: 'none',
    background: 'none',
    color: 'var(--figma-color-text)',
    fontSize: 11,
    textAlign: 'left',
    cursor: 'pointer'
  },
  oneLine: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  footer: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 },
  cost: { fontSize: 12, fontWeight: 600 },
  logs: {
    fontFamily: 'monospace',
    fontSize: 10,
    maxHeight: 60,
    overflow: 'auto',
    color: 'var(--figma-color-text-secondary)',
    margin: 0,
    whiteSpace: 'pre-wrap'
  }
} satisfies Record<string, Style>
