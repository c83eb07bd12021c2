// Shots for a series: a pattern for the beats without one, and each beat's shot, under the prompt. Every
// choice rewrites the beat's start in the prompt ("Medium shot, …"): the prompt stays the one place a shot
// lives, visible and editable, never hidden state. Native selects: a row per beat stays one line at 360 px.
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { rewriteBeats, seriesParts } from '../../kling/prompt-draft'
import { captionCase, patternShot, readShot, SHOT_PATTERNS, SHOT_TYPES, type ShotType, switchPattern, withShot } from '../../kling/shots'
import { styles } from './styles'

export interface ShotPickerProps {
  /** The series prompt as the prompt field shows it. */
  prompt: string
  onChange: (prompt: string) => void
}

const NONE = ''
const SELECT = {
  fontSize: 11,
  height: 24,
  padding: '0 4px',
  color: 'var(--figma-color-text)',
  background: 'var(--figma-color-bg)',
  border: '1px solid var(--figma-color-border)',
  borderRadius: 2
} as const
const BEAT_TEXT = { ...styles.muted, flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const

export function ShotPicker({ prompt, onChange }: ShotPickerProps) {
  const [chosenId, setPatternId] = useState(NONE)
  const beats = seriesParts(prompt).beats
  if (beats.length === 0) return null
  // The pattern shows as chosen only while the prompt still carries a shot it gave: after "Use the text
  // layers again" (or another selection's prompt) the beats have none of its shots, and the list said
  // "Establishing → medium → close-up" above rows that all read "No shot".
  const chosen = SHOT_PATTERNS.find((p) => p.id === chosenId)
  const patternId = chosen && beats.some((b, i) => readShot(b.text).shot?.type === patternShot(chosen, i)) ? chosenId : NONE

  const applyPattern = (id: string) => {
    const from = SHOT_PATTERNS.find((p) => p.id === patternId)
    const to = SHOT_PATTERNS.find((p) => p.id === id)
    const next = switchPattern(beats.map((b) => b.text), from, to)
    setPatternId(id)
    onChange(rewriteBeats(prompt, (text, number) => next[number - 1] ?? text))
  }
  const chooseShot = (number: number, type: string) =>
    onChange(rewriteBeats(prompt, (text, n) => (n === number ? withShot(text, type === NONE ? undefined : (type as ShotType)) : text)))

  return (
    <div style={styles.field} role="group" aria-labelledby="shots-label">
      <div style={{ ...styles.row, alignItems: 'center' }}>
        <label id="shots-label" htmlFor="shot-pattern" style={styles.label}>
          Shots
        </label>
        <select id="shot-pattern" style={{ ...SELECT, flex: 1, minWidth: 0 }} value={patternId} onChange={(e) => applyPattern(e.currentTarget.value)}>
          <option value={NONE}>No pattern</option>
          {SHOT_PATTERNS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 2 }}>
        {beats.map(({ number, text }) => {
          const { shot, text: written } = readShot(text)
          const words = shot === undefined ? written : captionCase(written)
          return (
            <li key={number} style={{ ...styles.row, alignItems: 'center', gap: 6 }}>
              <span style={{ ...styles.muted, width: 12, textAlign: 'right', flex: 'none' }}>{number}</span>
              <select aria-label={`Shot for panel ${number}`} style={{ ...SELECT, width: 128, flex: 'none' }} value={shot?.type ?? NONE} onChange={(e) => chooseShot(number, e.currentTarget.value)}>
                <option value={NONE}>No shot</option>
                {SHOT_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
              <span style={BEAT_TEXT} title={words}>
                {shot?.lens === undefined ? words : `${shot.lens} · ${words}`}
              </span>
            </li>
          )
        })}
      </ol>
    </div>
  )
}
