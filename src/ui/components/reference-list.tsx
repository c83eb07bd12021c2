// The selected frames, each with its thumbnail, name and role. Frames named "@…" start as elements
// (faces and characters Kling keeps consistent); any frame can be switched.
import { SegmentedControl } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { ReferenceRole } from '../../kling/tokens'
import type { SelectionSnapshot } from '../../messages'
import type { ChosenReference } from '../jobs/upload-references'
import { styles } from './styles'

export interface ReferenceListProps {
  selection: SelectionSnapshot
  references: readonly ChosenReference[]
  thumbnails: ReadonlyMap<string, string>
  tokens: ReadonlyMap<string, string>
  onRoleChange: (id: string, role: ReferenceRole) => void
}

const ROLE_OPTIONS = [
  { value: 'image', children: 'Image' },
  { value: 'element', children: 'Element' }
]

export function ReferenceList({ selection, references, thumbnails, tokens, onRoleChange }: ReferenceListProps) {
  if (references.length === 0 && selection.ignored.length === 0) {
    return <p style={styles.muted}>No reference frames selected: this will be text-to-image.</p>
  }
  return (
    <div>
      <ul style={styles.list} aria-label="References">
        {references.map((ref) => {
          const summary = selection.references.find((r) => r.id === ref.id)
          const thumbnail = thumbnails.get(ref.id)
          return (
            <li key={ref.id} style={styles.row}>
              {thumbnail === undefined ? (
                <div style={styles.thumbnail} aria-hidden="true" />
              ) : (
                <img src={thumbnail} alt="" style={styles.thumbnail} />
              )}
              <div style={styles.grow}>
                <div style={{ fontSize: 11 }}>
                  {ref.name} <span style={styles.muted}>@{tokens.get(ref.id) ?? ''}</span>
                </div>
                <div role="radiogroup" aria-label={`Role of ${ref.name}`}>
                  <SegmentedControl
                    value={ref.role}
                    options={ROLE_OPTIONS}
                    onValueChange={(v) => onRoleChange(ref.id, v as ReferenceRole)}
                  />
                </div>
                {summary?.problems.map((p) => (
                  <p key={p.message} role="alert" style={styles.error}>
                    {p.message} {p.fix}
                  </p>
                ))}
              </div>
            </li>
          )
        })}
      </ul>
      {selection.ignored.map((n) => (
        <p key={n.name} style={styles.hint}>
          Not used: "{n.name}", {n.reason}.
        </p>
      ))}
    </div>
  )
}
