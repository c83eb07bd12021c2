// The selected storyboard sections, each with what can be done to it as a document. "Renumber panels"
// asks the main thread, which refuses while the section is generating; its answer (or refusal) is shown
// in the card. Actions on all the selected storyboards together (export: one PDF page per section) follow.
import { Button } from '@create-figma-plugin/ui'
import { type ComponentChildren, h } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

import { errorMessage } from '../../error-message'
import type { StoryboardSummary } from '../../messages'
import { styles } from './styles'

export interface StoryboardCardProps {
  storyboards: readonly StoryboardSummary[]
  renumber: (sectionId: string) => Promise<{ count: number; changed: number }>
  /** Actions on all the selected storyboards together: inside the card of a single one, after several. */
  actions?: ComponentChildren
}

/** What the last Renumber said, shown while the section still has the panels it spoke of. */
type Said = { sectionId: string; panelCount: number; text: string; error: boolean }

export function StoryboardCard({ storyboards, renumber, actions }: StoryboardCardProps) {
  const [said, setSaid] = useState<Said | null>(null)
  const [busy, setBusy] = useState(false)
  const card = useRef<HTMLElement>(null)
  const ids = storyboards.map((b) => b.id).join(' ')
  // A new selection of storyboards: their card is what the designer came for, even if the panel was scrolled.
  useEffect(() => {
    if (ids !== '') card.current?.scrollIntoView?.({ block: 'nearest' })
  }, [ids])
  if (storyboards.length === 0) return null

  async function onRenumber(board: StoryboardSummary) {
    setBusy(true)
    try {
      const { count, changed } = await renumber(board.id)
      const text = changed === 0 ? `The ${count} panels were already in reading order.` : `Renumbered ${count} panels in reading order.`
      setSaid({ sectionId: board.id, panelCount: board.panelCount, text, error: false })
    } catch (error) {
      setSaid({ sectionId: board.id, panelCount: board.panelCount, text: errorMessage(error), error: true })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section ref={card} aria-label="Storyboards">
      <ul style={styles.list}>
        {storyboards.map((board) => (
          <li key={board.id} style={styles.card} aria-label={`Storyboard: ${board.name}`}>
            <div style={styles.footer}>
              <strong style={{ fontSize: 11 }}>{board.name}</strong>
              <span style={styles.muted}>
                {board.panelCount} panel{board.panelCount === 1 ? '' : 's'}
                {board.running ? ' · generating' : ''}
              </span>
            </div>
            <div style={styles.row}>
              <Button secondary disabled={busy} onClick={() => void onRenumber(board)}>
                Renumber panels
              </Button>
            </div>
            {storyboards.length === 1 ? actions : null}
            {said?.sectionId === board.id && said.panelCount === board.panelCount ? (
              <p role={said.error ? 'alert' : 'status'} style={said.error ? styles.error : styles.hint}>
                {said.text}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {storyboards.length > 1 ? (
        <div style={styles.card} aria-label={`All ${storyboards.length} storyboards`}>
          <span style={styles.muted}>{`All ${storyboards.length} storyboards, one page each:`}</span>
          {actions}
        </div>
      ) : null}
    </section>
  )
}
