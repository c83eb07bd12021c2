// The poster composed at once: each image a layout job makes is put behind the layout's text, in a copy of
// the layout frame placed beside it. The layout itself is never changed. A layout deleted (or turned into
// something that cannot hold an image) while Kling worked is skipped with a note; the job never fails for it.
import { quoted, textRoleOf } from '../kling/rendered-text'
import type { JobLayout } from '../messages'

const GAP = 80
/** On the copy: which job's image it holds, so a resumed job does not compose the same image twice. */
export const COMPOSED_KEY = 'keyframe.composed'
/**
 * On the image layer inside a copy: composing again from a copy (it still has its Title, so it is a layout)
 * swaps this layer for the new image instead of keeping the old one on top of it.
 */
export const COMPOSED_IMAGE_KEY = 'keyframe.composedImage'

/**
 * The copy's name: "<layout> · composed", then " · composed 2"… for the other images of the job. A layout
 * that is itself a copy keeps its base name, so a second round is not "Poster · composed · composed".
 */
export function composedName(layoutName: string, number: number): string {
  const base = layoutName.replace(/ · composed(?: \d+)?$/, '')
  return `${base} · composed${number > 1 ? ` ${number}` : ''}`
}

/**
 * Copies the layout, puts `imageHash` under its text as the bottom-most layer filling the frame, and places
 * the copy to the right of the layout, clear of anything on the page. Returns a note when it could not.
 * `prompt`: what was sent; a text layer Kling was asked to letter (its exact characters in quotes there) is
 * hidden in the copy, or the poster would show the title twice: Kling's lettering and Figma's over it.
 */
export async function composeOnLayout(layout: JobLayout, job: { jobId: string }, number: number, imageHash: string, prompt: string): Promise<string | undefined> {
  const node = await figma.getNodeByIdAsync(layout.id)
  if (node === null || node.removed) return `The layout "${layout.name}" was deleted, so image ${number} was not composed into it; it is in the section.`
  // Only frames are read as layouts, but the node may have been changed since (an instance takes no new layers).
  if (node.type !== 'FRAME') {
    return `"${layout.name}" is a ${node.type === 'INSTANCE' ? 'component instance' : node.type.toLowerCase()}, not a frame, so image ${number} was not composed into it; it is in the section. Frame the layout to compose into it.`
  }
  const page = pageOf(node)
  if (page === null) return `The layout "${layout.name}" is not on a page, so image ${number} was not composed into it.`
  // Under dynamic-page only the current page's children can be read; the layout's page may be another.
  await page.loadAsync()
  const mark = JSON.stringify({ jobId: job.jobId, number })
  if (page.findAllWithCriteria({ types: ['FRAME'], pluginData: { keys: [COMPOSED_KEY] } }).some((n) => n.getPluginData(COMPOSED_KEY) === mark)) return undefined

  const copy = node.clone()
  let image: RectangleNode | undefined
  // Half a copy must not stay: a resumed job would make another one beside it.
  try {
    // clone() parents the copy under the current page (plugin-api.d.ts line 10822); it belongs beside its layout.
    if (copy.parent?.id !== page.id) page.appendChild(copy)
    copy.name = composedName(layout.name, number)
    // A copy of a copy: the old image goes, so the new one is not hidden beneath it.
    for (const old of copy.findAll((n) => n.getPluginData(COMPOSED_IMAGE_KEY) !== '')) old.remove()
    image = figma.createRectangle()
    image.name = 'Image'
    image.setPluginData(COMPOSED_IMAGE_KEY, '1')
    image.fills = [{ type: 'IMAGE', imageHash, scaleMode: 'FILL' }]
    copy.insertChild(0, image)
    // In an auto-layout frame the image would be a flow item: placed by the frame, pushing the text along.
    // Taken out of the flow (only allowed once it is a child there), it sits behind the text.
    if (copy.layoutMode !== 'NONE') image.layoutPositioning = 'ABSOLUTE'
    image.resize(copy.width, copy.height)
    image.x = 0
    image.y = 0
    // It fills the frame, and keeps filling it when the designer resizes the poster.
    image.constraints = { horizontal: 'SCALE', vertical: 'SCALE' }
    hideLettered(copy, prompt)
    const spot = freeSpotRightOf(page, copy, node)
    copy.x = spot.x
    copy.y = spot.y
    copy.setPluginData(COMPOSED_KEY, mark)
  } catch (error) {
    for (const made of [image, copy]) if (made !== undefined && !made.removed) made.remove()
    throw error
  }
  return undefined
}

/**
 * Hides (never deletes: the designer can bring it back) each role-named text layer the prompt lettered. In an
 * auto-layout frame a hidden layer gives up its place in the flow and the rest moves up, so there it is made
 * fully transparent instead, which keeps its place.
 */
function hideLettered(copy: FrameNode, prompt: string): void {
  for (const child of copy.children) {
    if (child.type !== 'TEXT' || !child.visible || textRoleOf(child.name) === undefined) continue
    if (child.characters.trim() === '' || !prompt.includes(quoted(child.characters))) continue
    if (copy.layoutMode === 'NONE') child.visible = false
    else child.opacity = 0
  }
}

/** To the right of the layout, moved further right past anything on the page it would overlap. */
function freeSpotRightOf(page: PageNode, copy: FrameNode, layout: FrameNode): { x: number; y: number } {
  const from = layout.absoluteBoundingBox ?? { x: layout.x, y: layout.y, width: layout.width, height: layout.height }
  const spot = { x: from.x + from.width + GAP, y: from.y, width: copy.width, height: copy.height }
  const others = page.children.filter((n) => n.id !== copy.id).map((n) => n.absoluteBoundingBox ?? { x: n.x, y: n.y, width: n.width, height: n.height })
  for (let moved = true; moved; ) {
    moved = false
    for (const o of others) {
      if (spot.x < o.x + o.width && o.x < spot.x + spot.width && spot.y < o.y + o.height && o.y < spot.y + spot.height) {
        spot.x = o.x + o.width + GAP
        moved = true
      }
    }
  }
  return { x: spot.x, y: spot.y }
}

function pageOf(node: BaseNode): PageNode | null {
  let n: BaseNode | null = node
  while (n !== null && n.type !== 'PAGE') n = n.parent
  return n
}
