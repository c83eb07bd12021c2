// What makes a node Keyframe's: the plugin data a generation writes on what it places. Every module that
// recognises a storyboard section or a panel reads these keys from here.

/** On a panel frame: its number in the storyboard, as a decimal string. */
export const PANEL_KEY = 'keyframe.panel'
/** On a panel frame: the provenance (JSON) of the image it shows. */
export const PROVENANCE_KEY = 'keyframe.provenance'
/**
 * On a panel frame: every image it holds, oldest first, as a JSON list of `{ imageHash, provenance }`.
 * Absent on a panel made before versions were kept (it reads as v1 of 1).
 */
export const VERSIONS_KEY = 'keyframe.versions'
/**
 * On a generation's section: its job record (JSON). On a panel frame: the record of a job that makes new
 * versions of it (Regenerate, Variations), whose `sectionId` then names the panel.
 */
export const JOB_KEY = 'keyframe.job'
/** On a panel frame: what its removed versions had cost (USD, decimal string): paid, so still counted. */
export const REMOVED_COST_KEY = 'keyframe.removedCostUsd'
/** On a section of formats (one job per panel, each panel's record its own): '1'. Laid out as one row. */
export const FORMATS_KEY = 'keyframe.formats'
/** On a row of formats: the labels asked for when it was made (JSON array), so its summary can say which were not made. */
export const FORMATS_ASKED_KEY = 'keyframe.formatsAsked'
/** On a storyboard section: the records of its earlier jobs (JSON array, oldest first) once beats were added. */
export const JOB_HISTORY_KEY = 'keyframe.jobHistory'

/** On a look's panel (in a "Looks · …" section): JSON `{ panelId, look, panelName }`: the panel it was made from, the look's name, that panel's layer name. */
export const LOOK_OF_KEY = 'keyframe.lookOf'

/** The panel number a frame carries, or undefined when it is not a Keyframe panel. */
export function panelNumber(node: BaseNode): number | undefined {
  if (node.type !== 'FRAME') return undefined
  const number = Number(node.getPluginData(PANEL_KEY))
  return Number.isInteger(number) && number > 0 ? number : undefined
}

export function isPanel(node: BaseNode): node is FrameNode {
  return panelNumber(node) !== undefined
}

/** A row of formats: its panels hold their own jobs' records, the section none. */
export function isFormatsRow(node: BaseNode): node is SectionNode {
  return node.type === 'SECTION' && node.getPluginData(FORMATS_KEY) === '1'
}

/** A section a generation made (it holds a job record). */
export function isStoryboard(node: BaseNode): node is SectionNode {
  return node.type === 'SECTION' && node.getPluginData(JOB_KEY) !== ''
}

/**
 * The relaunch buttons Figma shows in the properties panel for Keyframe's nodes (package.json's
 * "figma-plugin".relaunchButtons declares each command; a button whose command is not declared never shows).
 */
export const PANEL_RELAUNCH = { regenerate: 'A new version with the same model, settings and references', variations: 'Alternatives kept as versions of this panel' }
export const SECTION_RELAUNCH = { open: '' }

/** A panel's image layer: the rectangle named "Image" whose image paints are the panel's versions. */
export function imageLayer(panel: FrameNode): RectangleNode | undefined {
  return panel.children.find((c): c is RectangleNode => c.type === 'RECTANGLE' && c.name === 'Image')
}

/** Whether a layer shows an image: any visible image paint, wherever the designer's own paints sit. */
export function showsImage(layer: RectangleNode): boolean {
  const fills = layer.fills
  return fills !== figma.mixed && (fills as readonly Paint[]).some((p) => p.type === 'IMAGE' && p.visible !== false)
}
