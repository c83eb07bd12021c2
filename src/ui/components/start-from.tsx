// "Start from": the model guide's examples as starting points, in one dropdown row above the prompt (the
// Presets row keeps its chips). Choosing one sets the prompt and its settings; the line under it says what
// the point is for, what it still needs, and offers Undo while nothing has been typed since.
import { Dropdown } from '@create-figma-plugin/ui'
import { h } from 'preact'

import { STARTING_POINTS, type StartingPoint } from '../../kling/starting-points'
import { styles } from './styles'

export interface Started {
  point: StartingPoint
  /** Placeholders still written in the prompt (no frame took their place yet). */
  left: number
  /** Undo brings back the prompt and settings from before; offered until the prompt changes. */
  undoable: boolean
}

export interface StartFromProps {
  started: Started | null
  onChoose: (point: StartingPoint) => void
  onUndo: () => void
}

const LINK_BUTTON = { fontSize: 11, background: 'none', border: 'none', padding: 0, color: 'var(--figma-color-text-brand)', cursor: 'pointer' } as const

export function StartFrom({ started, onChoose, onUndo }: StartFromProps) {
  return (
    <div style={styles.field}>
      <div style={{ ...styles.row, alignItems: 'center' }}>
        <span id="start-from-label" style={{ ...styles.label, flex: 'none' }}>
          Start from
        </span>
        <div style={styles.grow}>
          <Dropdown
            role="combobox"
            aria-labelledby="start-from-label"
            placeholder="An example from the model guide"
            // Never shown as chosen, so choosing the same one again (after selecting its frames) applies it again.
            value={null}
            options={STARTING_POINTS.map((p) => ({ value: p.name }))}
            onValueChange={(name) => {
              const point = STARTING_POINTS.find((p) => p.name === name)
              if (point) onChoose(point)
            }}
          />
        </div>
      </div>
      {started ? (
        <p role="status" aria-label="Starting point" style={{ ...styles.hint, margin: 0 }}>
          {`${started.point.name}: ${started.point.purpose}`}
          {started.left > 0 && started.point.needs ? ` ${started.point.needs}` : ''}
          {started.undoable ? (
            <span>
              {' '}
              <button type="button" style={LINK_BUTTON} onClick={onUndo}>
                Undo
              </button>
            </span>
          ) : null}
        </p>
      ) : null}
    </div>
  )
}
