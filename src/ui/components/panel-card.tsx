// The selected Keyframe panels: what each is (number, caption, model, cost so far, version) and what can
// be done with it. Regenerate and Variations act on every selected panel, one job each, their cost shown
// before the click; switching, removing versions, Edit prompt, Finalize (with a final version's full-size
// download), Looks and a look's "Use this look" act on one panel at a time.
import { Button, TextboxNumeric } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

import { ENDPOINTS, isEndpointId, MODELS } from '../../kling/endpoints'
import { MAX_VARIATIONS, MIN_VARIATIONS, regenerateRequest } from '../../kling/regenerate'
import type { Resolution } from '../../kling/schemas'
import type { Treatment } from '../../kling/treatments'
import type { PanelSummary } from '../../messages'
import { moneyText, type ProxyMode } from '../money'
import { styles } from './styles'
import { Finalize, FullSizeDownload } from './finalize'
import { Looks, UseLook } from './looks'
import { Formats } from './formats'
import { UseAsReference } from './use-as-reference'

export interface PanelCardProps {
  panels: readonly PanelSummary[]
  onRegenerate: (count: number) => void
  onStep: (panelId: string, step: -1 | 1) => void
  onRemove: (panelId: string) => void
  onEditPrompt: (panel: PanelSummary) => void
  /** Pins the panel's image as a reference; rejects with the reason it cannot (no image yet). */
  onUseAsReference: (panelId: string) => Promise<void>
  /** The same picture at a higher resolution, as a new version marked final (absent: not offered). */
  onFinalize?: ((panel: PanelSummary, resolution: Resolution) => void) | undefined
  /** The same picture under the chosen looks, as a contact sheet beside it (absent: not offered). */
  onLooks?: ((panel: PanelSummary, treatments: Treatment[]) => void) | undefined
  /** On a look's panel: make it the current version of the panel it was made from. */
  onUseLook?: ((panel: PanelSummary) => void) | undefined
  /** The same picture reframed for each checked format, as a labelled row (absent: not offered). */
  onFormats?: ((panel: PanelSummary, labels: string[]) => void) | undefined
  /** Opened from a panel's relaunch button: the card is brought into view with that action focused. */
  focus?: 'regenerate' | 'variations' | undefined
  /** The proxy's mode: offline prices say "would cost … live". */
  mode?: ProxyMode | undefined
}

export const panelLabel = (panel: PanelSummary): string => panel.name

/** The price of `count` new versions of each panel, or the first reason one of them cannot be made. */
export function priceOf(panels: readonly PanelSummary[], count: number): { ok: true; costUsd: number } | { ok: false; message: string } {
  let mills = 0
  for (const panel of panels) {
    const result = regenerateRequest({ label: panelLabel(panel), shown: panel.shown, referenceNames: panel.referenceNames }, count)
    if (!result.ok) return { ok: false, message: result.errors.map((e) => `${e.message} ${e.fix}`).join(' ') }
    if (panel.running === true) return { ok: false, message: `${panelLabel(panel)} is still being regenerated.` }
    mills += Math.round(result.request.costUsd * 1000)
  }
  return { ok: true, costUsd: mills / 1000 }
}

const wrap = { display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' } as const

export function PanelCard({ panels, onRegenerate, onStep, onRemove, onEditPrompt, onUseAsReference, onFinalize, onLooks, onUseLook, onFormats, focus, mode }: PanelCardProps) {
  const [count, setCount] = useState(3)
  const card = useRef<HTMLElement>(null)
  const focused = useRef(false)
  const hasPanels = panels.length > 0
  const ids = panels.map((p) => p.id).join(' ')
  // A new selection of panels: their card is what the designer came for, even if the panel was scrolled.
  useEffect(() => {
    if (ids !== '' && !focus) card.current?.scrollIntoView?.({ block: 'nearest' })
  }, [ids, focus])
  useEffect(() => {
    if (!focus || !hasPanels || focused.current || !card.current) return
    focused.current = true
    card.current.scrollIntoView?.({ block: 'start' })
    const target = focus === 'variations' ? card.current.querySelector<HTMLElement>('#variations-count') : card.current.querySelector<HTMLElement>('button')
    target?.focus()
  }, [focus, hasPanels])
  if (panels.length === 0) return null
  const one = panels.length === 1 ? panels[0] : undefined
  const waiting = panels.filter((p) => p.versions.count === 0 && p.shown === undefined)
  const regenerate = priceOf(panels, 1)
  const variations = priceOf(panels, count)
  return (
    <section ref={card} style={styles.card} aria-label="Selected panels">
      <ul style={styles.list}>
        {panels.map((panel) => (
          <li key={panel.id} aria-label={panelLabel(panel)}>
            <div style={styles.header}>
              <strong style={{ fontSize: 12 }}>{panelLabel(panel)}</strong>
              {panel.versions.count > 1 ? <span style={styles.muted}>{`v${panel.versions.current} of ${panel.versions.count}`}</span> : null}
              {panel.final ? <span style={styles.muted}>{`final · ${panel.final.resolution}`}</span> : null}
            </div>
            {panel.caption === undefined ? null : <p style={{ ...styles.hint, margin: 0 }}>{panel.caption}</p>}
            <p style={{ ...styles.muted, margin: 0 }}>
              {panel.shown && isEndpointId(panel.shown.endpoint) ? MODELS[ENDPOINTS[panel.shown.endpoint].model].label : 'No image yet'} · {moneyText(panel.costUsd, mode)} so far
              {panel.running === true ? ' · regenerating…' : ''}
            </p>
          </li>
        ))}
      </ul>
      <div style={wrap}>
        <Button secondary onClick={() => onRegenerate(1)} disabled={!regenerate.ok}>
          Regenerate
        </Button>
        <span style={styles.muted}>{regenerate.ok ? moneyText(regenerate.costUsd, mode) : ''}</span>
      </div>
      <div style={wrap}>
        <Button secondary onClick={() => onRegenerate(count)} disabled={!variations.ok}>
          Variations
        </Button>
        <label style={styles.muted} for="variations-count">
          Count
        </label>
        <div style={{ width: 48 }}>
          <TextboxNumeric
            id="variations-count"
            value={String(count)}
            integer
            minimum={MIN_VARIATIONS}
            maximum={MAX_VARIATIONS}
            onNumericValueInput={(n) => setCount(n ?? MIN_VARIATIONS)}
          />
        </div>
        <span style={styles.muted}>{variations.ok ? moneyText(variations.costUsd, mode) : ''}</span>
      </div>
      {/* Why a button is off: no image yet (not a fault: it is on its way), the panel's own problem, else the Count's. */}
      {waiting.length > 0 ? (
        <p role="status" style={styles.hint}>{`${waiting.map(panelLabel).join(', ')}: no image yet. Its actions open once the image arrives.`}</p>
      ) : !regenerate.ok ? (
        <p role="alert" style={styles.error}>{regenerate.message}</p>
      ) : !variations.ok ? (
        <p role="alert" style={styles.error}>{variations.message}</p>
      ) : null}
      {one ? (
        <div style={wrap}>
          <Button secondary onClick={() => onStep(one.id, -1)} disabled={one.versions.current <= 1}>
            Previous version
          </Button>
          <Button secondary onClick={() => onStep(one.id, 1)} disabled={one.versions.current >= one.versions.count}>
            Next version
          </Button>
          <Button secondary danger onClick={() => onRemove(one.id)} disabled={one.versions.count < 2}>
            Remove version
          </Button>
          <Button secondary onClick={() => onEditPrompt(one)} disabled={!regenerate.ok}>
            Edit prompt
          </Button>
          <UseAsReference panel={one} onUse={onUseAsReference} />
        </div>
      ) : null}
      {one && onUseLook ? <UseLook panel={one} onUseLook={onUseLook} /> : null}
      {one && onFinalize ? <Finalize panel={one} onFinalize={onFinalize} mode={mode} /> : null}
      {one && onLooks ? <Looks key={one.id} panel={one} onLooks={onLooks} mode={mode} /> : null}
      {one && onFormats ? <Formats panel={one} onFormats={onFormats} mode={mode} /> : null}
      {one ? <FullSizeDownload panel={one} /> : null}
      {one ? null : (
        <p style={styles.hint}>Select one panel to switch its versions or edit its prompt.</p>
      )}
    </section>
  )
}
