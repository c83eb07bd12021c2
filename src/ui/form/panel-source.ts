// A placed panel as the requests made from its shown image (Finalize, Looks) read it, and the stand-in URL they
// are priced with before the image is uploaded. Free of the UI's components, so jobs run (and are tested) in Node.
import type { PanelSource } from '../../kling/regenerate'
import type { PanelSummary } from '../../messages'

/** Stands in for the panel image's upload while checking and pricing (the price depends on the resolution only). */
export const PRICE_ONLY_URL = 'https://fal.media/price-only.png'

/** The panel's shown provenance, under the name the designer sees. */
export function panelSource(panel: PanelSummary): PanelSource {
  return { label: panel.name, shown: panel.shown, referenceNames: panel.referenceNames }
}
