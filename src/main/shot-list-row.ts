// A panel's row in the shot list, from what the panel says (number, caption) and the provenance of the
// image it shows. Pure: the main thread reads the plugin data, this decides what goes in each column.
import type { AnyEndpointInput } from '../kling/endpoints'
import { describeEndpoint } from '../kling/labels'
import { panelPrompt } from '../kling/prompt-draft'
import { shotLabel, storedShot } from '../kling/shots'
import { type NamedReference, namedTokens } from '../kling/tokens'
import type { ShotListRow } from '../messages'
import type { Provenance } from './provenance'

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * `names`: the storyboard's reference names, so the prompt reads `@Mara` as the designer wrote it, not `@Element1`.
 * `shotLine`: the panel's Shot line as it stands (the designer may have edited it); without one, the shot its
 * image's provenance records.
 */
export function shotListRow(number: number, caption: string, provenance: Provenance | undefined, names: readonly NamedReference[] = [], shotLine?: string): ShotListRow {
  const recorded = storedShot(provenance?.shot)
  const shot = shotLine ?? (recorded === undefined ? '' : shotLabel(recorded))
  if (!provenance) return { number, caption, shot, prompt: '', model: '', resolution: '', aspectRatio: '', costUsd: null, requestId: '' }
  const { modelLabel, mode } = describeEndpoint(provenance.endpoint)
  const cost = provenance.costUsd
  // Plugin data anyone can edit: a record without its input still gives a row, blank where it is missing.
  const input: Partial<AnyEndpointInput> = typeof provenance.input === 'object' && provenance.input !== null ? provenance.input : {}
  return {
    number,
    caption,
    shot,
    // A series panel's own prompt (its Style line and beat), as Regenerate would send it.
    prompt: namedTokens(panelPrompt(input, provenance.index) ?? text(input.prompt), names),
    model: mode === '' ? modelLabel : `${modelLabel} ${mode}`,
    resolution: text(input.resolution),
    aspectRatio: text(input.aspect_ratio),
    costUsd: typeof cost === 'number' && Number.isFinite(cost) ? cost : null,
    requestId: text(provenance.requestId)
  }
}
