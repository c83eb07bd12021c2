// A cast frame whose angles are image fills: the first visible image fill is the face, the next ones are its
// angles. Exporting such a frame would draw the fills stacked (the top one wins), so each picture is read
// from its own image instead: figma.getImageByHash (plugin-api.d.ts line 1782) and the Image's
// getBytesAsync / getSizeAsync (lines 12750 and 12754). An angle from a fill is named by an id of its own,
// `<node id>#fill<n>`, which the UI passes back like any reference id (Figma's node ids never hold '#').
import { isCastName } from '../kling/cast'
import { readImageInfo } from '../image-info'
import { checkReferenceImage } from '../kling/reference-rules'
import type { ExportedReference, ReferenceSummary } from '../messages'

const FILL_ID = /^(.+)#fill(\d+)$/

/** The node's visible image fills with an image, in Figma's order (the first is the bottom one). */
export function visibleImageFills(node: BaseNode): ImagePaint[] {
  if (!('fills' in node) || !Array.isArray(node.fills)) return []
  return (node.fills as readonly Paint[]).filter((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false && p.imageHash !== null)
}

/** An `@` frame holding several visible image fills: its face and angles are read from the fills. */
export function picturesFromFills(node: BaseNode): boolean {
  return isCastName(node.name) && visibleImageFills(node).length >= 2
}

/** The id standing for a node's n-th visible image fill (1 is the face). */
export function fillId(nodeId: string, n: number): string {
  return `${nodeId}#fill${n}`
}

export function parseFillId(id: string): { nodeId: string; n: number } | undefined {
  const match = FILL_ID.exec(id)
  return match ? { nodeId: match[1]!, n: Number(match[2]) } : undefined
}

/** "image fill 2": how a designer finds it in the Fill panel. */
export const fillLabel = (n: number): string => `image fill ${n}`

/** The pixel size of each visible image fill (index 0 is fill 1); a fill whose image Figma does not hold is left out. */
export async function fillSizes(node: SceneNode): Promise<{ n: number; width: number; height: number }[]> {
  const out: { n: number; width: number; height: number }[] = []
  for (const [i, paint] of visibleImageFills(node).entries()) {
    const image = figma.getImageByHash(paint.imageHash!)
    if (!image) continue
    out.push({ n: i + 1, ...(await image.getSizeAsync()) })
  }
  return out
}

/**
 * The n-th visible image fill's own bytes, as a reference the UI checks, normalises and uploads. Its id names
 * the image (content hashed by Figma) and the size asked for, so the same picture is recognised as uploaded.
 */
export async function readFillImage(node: SceneNode, n: number, maxSide: number): Promise<ExportedReference> {
  const name = `${node.name.trim()}, ${fillLabel(n)}`
  const paint = visibleImageFills(node)[n - 1]
  const image = paint ? figma.getImageByHash(paint.imageHash!) : null
  if (!paint || !image) throw new Error(`${name} is gone from the file. Select the frame again, then Generate.`)
  const bytes = await image.getBytesAsync()
  const info = readImageInfo(bytes)
  const size = info ?? (await image.getSizeAsync())
  const mimeType = info?.format === 'JPEG' ? 'image/jpeg' : info?.format === 'GIF' ? 'image/gif' : 'image/png'
  return { nodeId: fillId(node.id, n), name, bytes, mimeType, width: size.width, height: size.height, exportId: `image-${paint.imageHash!}-${maxSide}`, fromImageFill: true }
}

/**
 * What would keep a frame's fill pictures from being sent, checked before anything is spent: each fill's
 * own size against Kling's rules (named "@Ines, image fill 2"). Empty for a frame whose pictures are not read
 * from its fills. How many angles it has is the composer's to check (compose.ts): it knows the chosen model's
 * limit and whether the frame is an element at all (an image sends no angles), and says it once.
 */
export async function fillProblems(node: SceneNode): Promise<ReferenceSummary['problems']> {
  if (!picturesFromFills(node)) return []
  const name = node.name.trim()
  const problems: ReferenceSummary['problems'] = []
  for (const { n, width, height } of await fillSizes(node)) {
    problems.push(...checkReferenceImage({ name: `${name}, ${fillLabel(n)}`, width, height }).map((p) => ({ ...p, fix: `${p.fix.replace(/\.$/, '')}, or replace that image fill.` })))
  }
  return problems
}
