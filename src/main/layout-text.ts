// Poster layouts on the canvas: a frame with a text layer named Title, Headline, Tagline or Credits directly
// inside it is a layout to letter, not a reference image (sending the empty layout to image-to-image would
// copy it). Reads each such layer's characters, font and box within the frame, for the prompt's
// rendered-text clauses.
import type { Box } from '../box'
import { type RenderedText, type TextFont, type TextLook, textRoleOf } from '../kling/rendered-text'
import type { LayoutSummary } from '../messages'

// Only frames: the image is composed into a copy of the layout, and composing takes frames only (an
// instance takes no new layers), so a component or instance with a Title stays a reference.
const LAYOUT_TYPES = new Set(['FRAME'])
/** What a text layer's placement is read against when it is selected on its own. */
const FRAME_LIKE_TYPES = new Set(['FRAME', 'COMPONENT', 'INSTANCE'])

/**
 * The layout a selected frame is, or undefined when no visible text layer named for a role is one of its
 * own children: a card with a "Title" deep inside (a nested component, a group) is a reference, not a poster.
 */
export function readLayout(node: SceneNode): LayoutSummary | undefined {
  if (!LAYOUT_TYPES.has(node.type)) return undefined
  const frame = node as FrameNode
  const texts: RenderedText[] = []
  for (const child of frame.children) {
    if (child.type !== 'TEXT') continue
    const role = textRoleOf(child.name)
    if (role === undefined || !child.visible) continue
    texts.push({ id: child.id, name: child.name, role, text: child.characters, ...lookOf(child, frame) })
  }
  if (texts.length === 0) return undefined
  return { id: frame.id, name: frame.name, width: frame.width, height: frame.height, texts }
}

/**
 * Font, size and place of a text layer, read against `frame` (given), else its nearest frame-like ancestor;
 * with none, no placement (a text layer on the page has nothing to sit in).
 */
export function lookOf(text: TextNode, frame: SceneNode | undefined = frameAround(text)): TextLook {
  const look: TextLook = { font: fontOf(text), fontSize: typeof text.fontSize === 'number' ? text.fontSize : 'mixed' }
  if (frame === undefined) return look
  const outer = boxOf(frame)
  const inner = boxOf(text)
  return {
    ...look,
    placement: {
      box: { x: inner.x - outer.x, y: inner.y - outer.y, width: inner.width, height: inner.height },
      frame: { width: outer.width, height: outer.height }
    }
  }
}

/**
 * `fontName` is `figma.mixed` when the layer sets several fonts (plugin-api.d.ts: `fontName: FontName |
 * PluginAPI['mixed']`): the first character's font then, through getRangeFontName when the host has it.
 */
function fontOf(text: TextNode): TextFont {
  const font = text.fontName
  if (typeof font !== 'symbol') return { family: font.family, style: font.style }
  if (typeof text.getRangeFontName === 'function' && text.characters.length > 0) {
    const first = text.getRangeFontName(0, 1)
    if (typeof first !== 'symbol') return { family: first.family, style: first.style }
  }
  return 'mixed'
}

function frameAround(node: SceneNode): SceneNode | undefined {
  for (let p = node.parent; p !== null && p.type !== 'PAGE' && p.type !== 'DOCUMENT'; p = p.parent) {
    if (FRAME_LIKE_TYPES.has(p.type)) return p as SceneNode
  }
  return undefined
}

function boxOf(node: SceneNode): Box {
  const box = node.absoluteBoundingBox
  return box ? { x: box.x, y: box.y, width: box.width, height: box.height } : { x: node.x, y: node.y, width: node.width, height: node.height }
}
