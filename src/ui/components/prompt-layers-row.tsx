// Under the prompt, one compact line: the guide's five layers, covered ones ticked, missing ones as buttons
// that offer three phrasings to insert. Help only: it never reports an error and never turns Generate off.
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { LAYER_LABELS, LAYER_PHRASINGS, PROMPT_LAYERS, type PromptLayer, promptLayers } from '../../kling/prompt-layers'
import { styles } from './styles'

export interface PromptLayersRowProps {
  prompt: string
  onInsert: (phrasing: string) => void
}

// Short words on the chips keep the five on one line at the panel's width; the full name is for screen readers.
const SHORT: Record<PromptLayer, string> = { shot: 'Shot', subject: 'Subject', action: 'Action', environment: 'Setting', lighting: 'Light' }

const CHIP = { fontSize: 11, lineHeight: '16px', padding: '0 5px', borderRadius: 4, whiteSpace: 'nowrap' } as const
const COVERED = { ...CHIP, color: 'var(--figma-color-text-secondary)', border: '1px solid transparent' } as const
const MISSING = { ...CHIP, color: 'var(--figma-color-text-brand)', background: 'none', border: '1px dashed var(--figma-color-border)', cursor: 'pointer' } as const
const OPEN = { ...MISSING, border: '1px solid var(--figma-color-border-brand-strong, var(--figma-color-text-brand))' } as const
const PHRASING = { ...styles.completion, display: 'block', width: '100%', textAlign: 'left', background: 'none', border: 'none', color: 'var(--figma-color-text)' } as const

// Read out, not shown.
const HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const

// A mouse press on a chip must not take focus from the prompt: a phrasing then goes in at the caret.
const keepFocus = (event: MouseEvent) => event.preventDefault()

export function PromptLayersRow({ prompt, onInsert }: PromptLayersRowProps) {
  const [open, setOpen] = useState<PromptLayer | null>(null)
  if (prompt.trim() === '') return null
  const covered = promptLayers(prompt)
  // A layer the designer has since written in closes its phrasings.
  const shown = open !== null && !covered.has(open) ? open : null
  return (
    <div onKeyDown={(event) => {
      if (event.key !== 'Escape' || shown === null) return
      event.stopPropagation()
      setOpen(null)
    }}>
      <div role="group" aria-label="Prompt layers" style={{ display: 'flex', gap: 4, alignItems: 'center', flexWrap: 'wrap' }}>
        {PROMPT_LAYERS.map((layer) =>
          covered.has(layer) ? (
            // Screen readers hear the full name (an aria-label on a plain span is not read out reliably).
            <span key={layer} style={COVERED} title={`${LAYER_LABELS[layer]}: in the prompt`}>
              <span aria-hidden="true">{`✓ ${SHORT[layer]}`}</span>
              <span style={HIDDEN}>{`${LAYER_LABELS[layer]}: in the prompt`}</span>
            </span>
          ) : (
            <button
              key={layer}
              type="button"
              style={shown === layer ? OPEN : MISSING}
              aria-label={`Add ${LAYER_LABELS[layer].toLowerCase()}`}
              title={`${LAYER_LABELS[layer]} is not in the prompt yet: click for phrasings`}
              aria-expanded={shown === layer}
              aria-controls={shown === layer ? 'prompt-layer-phrasings' : undefined}
              onMouseDown={keepFocus}
              onClick={() => setOpen(shown === layer ? null : layer)}
            >
              {`+ ${SHORT[layer]}`}
            </button>
          )
        )}
      </div>
      {shown === null ? null : (
        <ul id="prompt-layer-phrasings" aria-label={`Phrasings for ${LAYER_LABELS[shown].toLowerCase()}`} style={{ ...styles.completions, marginTop: 4 }}>
          {LAYER_PHRASINGS[shown].map((phrasing) => (
            <li key={phrasing}>
              <button
                type="button"
                style={PHRASING}
                onMouseDown={keepFocus}
                onClick={() => {
                  setOpen(null)
                  onInsert(phrasing)
                }}
              >
                {phrasing}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
