// Text to render: what Keyframe does with a poster layout's text (lettered by Kling, or left as Figma text),
// and a "Text to render" toggle per selected text layer, so a title typed on the page is lettered, not a beat.
import { h } from 'preact'

import { isStyleLayer, type TextLayer } from '../../kling/prompt-draft'
import { quoted, type RenderedText, staysInFigma } from '../../kling/rendered-text'
import type { LayoutSummary } from '../../messages'
import { styles } from './styles'

export interface RenderedTextCardProps {
  layouts: readonly LayoutSummary[]
  /** The selected text layers (beats and marked alike). */
  textLayers: readonly TextLayer[]
  marked: ReadonlySet<string>
  onToggle: (id: string, marked: boolean) => void
  /** Layouts the designer turned back into references for this generation, by frame id. */
  asReference?: ReadonlySet<string>
  onUseAsReference?: (id: string, asReference: boolean) => void
}

export function RenderedTextCard({ layouts, textLayers: selected, marked, onToggle, asReference = new Set(), onUseAsReference }: RenderedTextCardProps) {
  // The Style line is the look every panel shares, never lettering: no chip offers to letter it (one already
  // marked keeps its chip, so it can be unmarked).
  const textLayers = selected.filter((l) => !isStyleLayer(l) || marked.has(l.id))
  if (layouts.length === 0 && textLayers.length === 0) return null
  return (
    <div style={styles.field} aria-label="Text to render" role="group">
      {layouts.map((layout) => {
        const reference = asReference.has(layout.id)
        // Only a layout read as a reference too can become one (older main threads did not send it).
        const canSwitch = onUseAsReference !== undefined && layout.asReference !== undefined
        return (
          <div key={layout.id}>
            <p style={styles.hint} aria-label={`Layout ${layout.name}`}>
              {reference
                ? `"${layout.name}" is used as a reference image for this generation; its text is not lettered and nothing is composed.`
                : `Layout "${layout.name}": ${whatHappens(layout.texts)}Each image is placed behind its text in a copy of the frame; the layout itself is left as it is.`}
            </p>
            {canSwitch ? (
              <button type="button" style={styles.chip} onClick={() => onUseAsReference(layout.id, !reference)}>
                {reference ? 'Use as a layout' : 'Use as a reference instead'}
              </button>
            ) : null}
          </div>
        )
      })}
      {textLayers.length === 0 ? null : (
        <div style={styles.chips}>
          <span style={styles.muted}>Text to render:</span>
          {textLayers.map((layer) => {
            const on = marked.has(layer.id)
            // A toggle chip, as the panel's other small choices are: pressed, the layer is lettered, not a beat.
            return (
              <button
                key={layer.id}
                type="button"
                style={on ? { ...styles.chip, ...styles.chosenChip } : styles.chip}
                aria-pressed={on}
                title={on ? `"${layer.name}" is lettered into the image` : `Letter "${layer.name}" into the image instead of using it as a beat`}
                onClick={() => onToggle(layer.id, !on)}
              >
                {layer.name}
              </button>
            )
          })}
        </div>
      )}
      {textLayers.some((l) => marked.has(l.id)) ? (
        <p style={styles.hint}>Marked layers are lettered into the image, in quotes with their font and place, instead of being beats.</p>
      ) : null}
    </div>
  )
}

/**
 * e.g. `Kling letters the title 'NIGHT FERRY'.` Text too small to letter (credits) is not named here: the
 * prompt's lint under the prompt already says it stays as Figma text, and why; saying it twice read as two
 * separate problems.
 */
function whatHappens(texts: readonly RenderedText[]): string {
  const lettered = texts.filter((t) => t.text.trim() !== '' && !staysInFigma(t))
  return lettered.length > 0 ? `Kling letters ${lettered.map((t) => `the ${t.role === 'text' ? 'text' : t.role} ${quoted(t.text)}`).join(' and ')}. ` : ''
}
