// "Renumber panels": after the designer moved, deleted or duplicated panels on the canvas, their numbers
// follow reading order again. A duplicate carries a copy of its original's plugin data (Figma copies it),
// so it keeps its versions and gets a number of its own here.
import { inReadingOrder } from '../kling/reading-order'
import { isUnfinished, readJob } from './jobs'
import { isPanel, isStoryboard, PANEL_KEY } from './keyframe-nodes'
import { layoutPanel, loadTextFonts, panelLayerName } from './storyboard'

export async function renumberPanels(sectionId: string): Promise<{ count: number; changed: number }> {
  const section = await figma.getNodeByIdAsync(sectionId)
  if (!section || !isStoryboard(section)) {
    throw new Error('That storyboard section was deleted or is not one Keyframe made. Select a storyboard section, then Renumber panels.')
  }
  const job = readJob(section)
  if (job && job.sectionId === section.id && isUnfinished(job)) {
    // Results find their panels by number: renumbering now would put images into the wrong panels.
    throw new Error(`"${section.name}" is still generating, and its images find their panels by number. Renumber panels when it has finished.`)
  }
  const panels = inReadingOrder(section.children.filter(isPanel).map((node) => ({ node, x: node.x, y: node.y, width: node.width, height: node.height })))
  const texts = panels.map(({ node }) => node.children.find((c): c is TextNode => c.type === 'TEXT' && c.name === 'Number'))
  await loadTextFonts(texts)
  let changed = 0
  panels.forEach(({ node }, i) => {
    const number = i + 1
    if (node.getPluginData(PANEL_KEY) !== String(number)) changed++
    node.setPluginData(PANEL_KEY, String(number))
    const text = texts[i]
    // The kind of panel stays what it was: a numbered one is "Panel n", a variation "Variation n".
    node.name = text || !job ? `Panel ${number}` : panelLayerName({ ...job, panels: panels.map((_, n) => ({ number: n + 1 })) }, number)
    if (text && text.characters !== String(number)) {
      text.characters = String(number)
      layoutPanel(node, node.height)
    }
  })
  return { count: panels.length, changed }
}
