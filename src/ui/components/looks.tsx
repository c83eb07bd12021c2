// "Looks" for one selected panel: the same picture under other light, one O3 image-to-image request per
// chosen look, their total cost shown before the click; the list of looks is the designer's to edit. On a
// look's own panel, "Use this look on <panel>" makes it that panel's current version.
import { Button, Checkbox, Textbox } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { looksRequests } from '../../kling/looks'
import { MAX_TREATMENTS, missingDefaults, type Treatment, treatmentListProblem } from '../../kling/treatments'
import type { PanelSummary } from '../../messages'
import { moneyText, type ProxyMode } from '../money'
import { useTreatments } from '../use-treatments'
import { panelSource, PRICE_ONLY_URL } from '../form/panel-source'
import { styles } from './styles'

/** Looks ticked when the chooser opens: four, as a contact sheet of four reads at a glance. */
const FIRST_TICKED = 4

export interface LooksProps {
  panel: PanelSummary
  onLooks: (panel: PanelSummary, treatments: Treatment[]) => void
  mode?: ProxyMode | undefined
}

export function Looks(props: LooksProps) {
  return <LooksChooser {...props} {...useTreatments()} />
}

export interface LooksChooserProps extends LooksProps {
  /** The designer's list of looks, and a note when their saved one could not be read. */
  treatments: Treatment[]
  note?: string | undefined
  save: (list: Treatment[]) => Promise<void>
}

/** The chooser itself, given the list (Looks reads it from the designer's machine). */
export function LooksChooser({ panel, onLooks, mode, treatments, note, save }: LooksChooserProps) {
  const [open, setOpen] = useState(false)
  const [editing, setEditing] = useState(false)
  // Unticked names; every other look in the list (up to FIRST_TICKED at first) is chosen.
  const [ticked, setTicked] = useState<ReadonlySet<string> | undefined>(undefined)
  if (!panel.shown) return null
  const chosenNames = ticked ?? new Set(treatments.slice(0, FIRST_TICKED).map((t) => t.name))
  const chosen = treatments.filter((t) => chosenNames.has(t.name))
  const priced = looksRequests(panelSource(panel), { url: PRICE_ONLY_URL, width: 1, height: 1 }, chosen)
  const why = priced.ok ? undefined : priced.errors.map((e) => `${e.message} ${e.fix}`).join(' ')
  if (!open) {
    return (
      <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
        <Button secondary onClick={() => setOpen(true)} disabled={panel.running === true}>
          Looks
        </Button>
        <span style={styles.hint}>The same picture under other light and colour.</span>
      </div>
    )
  }
  if (editing) {
    return (
      <LookListEditor
        list={treatments}
        onCancel={() => setEditing(false)}
        onSave={async (list) => {
          await save(list)
          setTicked(undefined)
          setEditing(false)
        }}
      />
    )
  }
  const toggle = (name: string, on: boolean) => {
    const next = new Set(chosenNames)
    if (on) next.add(name)
    else next.delete(name)
    setTicked(next)
  }
  return (
    <div role="group" aria-label="Looks" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      <strong style={{ fontSize: 11 }}>Looks</strong>
      {note === undefined ? null : <p style={styles.hint}>{note}</p>}
      {treatments.map((t) => (
        <Checkbox key={t.name} value={chosenNames.has(t.name)} onValueChange={(on) => toggle(t.name, on)} title={t.phrase}>
          <span style={{ fontSize: 11 }}>{t.name}</span>
        </Checkbox>
      ))}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
        <Button
          onClick={() => {
            onLooks(panel, chosen)
            setOpen(false)
          }}
          disabled={why !== undefined || panel.running === true}>
          {chosen.length === 1 ? 'Make 1 look' : `Make ${chosen.length} looks`}
        </Button>
        <span style={styles.muted} aria-label="Looks cost">
          {priced.ok ? `${moneyText(priced.costUsd, mode)} in all` : ''}
        </span>
        <Button secondary onClick={() => setEditing(true)}>
          Edit list
        </Button>
        <Button secondary onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
      <p style={styles.hint}>Each look keeps this picture and changes only its light, colour and mood. They are placed as a contact sheet beside it.</p>
      {why === undefined ? null : (
        <p role="alert" style={styles.error}>
          {why}
        </p>
      )}
    </div>
  )
}

/** Rename, rewrite, remove, add back a built-in, add one of your own (at most six); saved on this computer. */
export function LookListEditor({ list, onSave, onCancel }: { list: Treatment[]; onSave: (list: Treatment[]) => Promise<void>; onCancel: () => void }) {
  const [draft, setDraft] = useState<Treatment[]>(list)
  const [error, setError] = useState<string | undefined>(undefined)
  const change = (i: number, part: Partial<Treatment>) => setDraft(draft.map((t, j) => (j === i ? { ...t, ...part } : t)))
  const problem = treatmentListProblem(draft)
  const full = draft.length >= MAX_TREATMENTS
  return (
    <div role="group" aria-label="Edit looks" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      <strong style={{ fontSize: 11 }}>Edit looks</strong>
      {draft.map((t, i) => (
        <div key={i} style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
            <Textbox value={t.name} onValueInput={(name) => change(i, { name })} aria-label={`Look ${i + 1} name`} />
            <Button secondary danger onClick={() => setDraft(draft.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </div>
          <Textbox value={t.phrase} onValueInput={(phrase) => change(i, { phrase })} aria-label={`Look ${i + 1} lighting`} />
        </div>
      ))}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        {missingDefaults(draft).map((t) => (
          <Button key={t.name} secondary disabled={full} onClick={() => setDraft([...draft, t])}>
            {`Add back ${t.name}`}
          </Button>
        ))}
        <Button secondary disabled={full} onClick={() => setDraft([...draft, { name: '', phrase: '' }])}>
          Add a look
        </Button>
      </div>
      {full ? <p style={styles.hint}>{`A list holds at most ${MAX_TREATMENTS} looks.`}</p> : null}
      <div style={{ display: 'flex', gap: 6 }}>
        <Button
          disabled={problem !== undefined}
          onClick={() =>
            void onSave(draft).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
          }
        >
          Save looks
        </Button>
        <Button secondary onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {(problem ?? error) === undefined ? null : (
        <p role="alert" style={styles.error}>
          {problem ?? error}
        </p>
      )}
    </div>
  )
}

/** On a look's panel: one click makes it the current version of the panel it was made from. */
export function UseLook({ panel, onUseLook }: { panel: PanelSummary; onUseLook: (panel: PanelSummary) => void }) {
  const look = panel.lookOf
  if (!look) return null
  const ready = panel.versions.count > 0
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <Button onClick={() => onUseLook(panel)} disabled={!ready}>{`Use this look on ${look.panelName}`}</Button>
      <p style={styles.hint}>
        {ready ? `Adds "${look.look}" to ${look.panelName} as its newest version, and shows it there.` : `"${look.look}" is still on its way.`}
      </p>
    </div>
  )
}
