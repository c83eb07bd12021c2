// The selected frames, each with its thumbnail, name and role. Frames named "@…" start as elements
// (faces and characters Kling keeps consistent); any frame can be switched.
import { IconButton, SegmentedControl } from '@create-figma-plugin/ui'
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
  /** References the designer pinned ("Use as reference"): they get a Remove button, as they are not selected. */
  removable?: ReadonlySet<string>
  onRemove?: (id: string) => void
  /** Cast members the prompt mentions (not selected), with their angle counts: each can be dropped for this generation. */
  cast?: ReadonlyMap<string, number>
  onDrop?: (id: string) => void
}

const ROLE_OPTIONS = [
  { value: 'image', children: 'Image' },
  { value: 'element', children: 'Element' }
]

export function ReferenceList({ selection, references, thumbnails, tokens, onRoleChange, removable, onRemove, cast, onDrop }: ReferenceListProps) {
  if (references.length === 0 && selection.ignored.length === 0) {
    // No paragraph margins: the panel's own gap spaces its sections (the browser's 1em left a blank line above and below).
    return <p style={{ ...styles.muted, margin: 0 }}>No reference frames selected: this will be text-to-image.</p>
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
                  {removable?.has(ref.id) ? <span style={styles.muted}> · pinned</span> : null}
                  {cast?.has(ref.id) ? <span style={styles.muted}> · {castNote(cast.get(ref.id) ?? 0, ref.role)}</span> : null}
                  {!cast?.has(ref.id) && ref.role === 'element' && (summary?.angles?.length ?? 0) > 0 ? (
                    <span style={styles.muted}> · {summary?.angles?.length} angle{summary?.angles?.length === 1 ? '' : 's'}</span>
                  ) : null}
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
                {summary?.warnings?.map((p) => (
                  <p key={p.message} style={styles.warning}>
                    {p.message} {p.fix}
                  </p>
                ))}
              </div>
              {removable?.has(ref.id) && onRemove ? (
                // A text cross rather than an icon: the UI bundle is near its size goal.
                <IconButton onClick={() => onRemove(ref.id)} aria-label={`Remove ${ref.name}`} title={`Remove ${ref.name}`}>
                  ×
                </IconButton>
              ) : null}
              {cast?.has(ref.id) && onDrop ? (
                <IconButton onClick={() => onDrop(ref.id)} aria-label={`Drop ${ref.name} from this generation`} title={`Drop ${ref.name} from this generation`}>
                  ×
                </IconButton>
              ) : null}
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

/** "from the Cast, 2 angles": an image reference sends no angles, so none are counted for it. */
function castNote(angles: number, role: ReferenceRole): string {
  if (angles === 0 || role !== 'element') return 'from the Cast'
  return `from the Cast, ${angles} angle${angles === 1 ? '' : 's'}`
}
