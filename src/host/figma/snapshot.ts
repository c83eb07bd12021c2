// A page as plain JSON, for assertions in tests and the playground's window.snapshot().
import type { ImageStore } from './image-store'
import type { NodeImpl } from './nodes/base-node'
import { SceneImpl } from './nodes/scene-node'
import { TextImpl } from './nodes/text-node'

export type FillSnapshot =
  | { type: 'SOLID'; color: string; opacity: number }
  | { type: 'IMAGE'; hash: string; width: number; height: number; format: string; scaleMode: string }
  | { type: string }

export interface NodeSnapshot {
  type: string
  id: string
  name: string
  /** Relative to the parent, as node.x / node.y. */
  x: number
  y: number
  width: number
  height: number
  /** Absolute canvas position, as absoluteBoundingBox. */
  absoluteX: number
  absoluteY: number
  visible: boolean
  fills?: FillSnapshot[]
  /** Image fills only, for short assertions. */
  images?: Array<{ hash: string; width: number; height: number; format: string }>
  characters?: string
  fontSize?: number
  fontName?: FontName
  pluginData: string[]
  children?: NodeSnapshot[]
}

export interface PageSnapshot {
  type: 'PAGE'
  id: string
  name: string
  selection: string[]
  pluginData: string[]
  children: NodeSnapshot[]
}

const hex = (c: RGB): string =>
  '#' + [c.r, c.g, c.b].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')

function fills(paints: ReadonlyArray<Paint>, images: ImageStore): FillSnapshot[] {
  return paints.map((p) => {
    if (p.type === 'SOLID') return { type: 'SOLID', color: hex(p.color), opacity: p.opacity ?? 1 }
    if (p.type === 'IMAGE') {
      const info = p.imageHash ? images.info(p.imageHash) : undefined
      return { type: 'IMAGE', hash: p.imageHash ?? '', width: info?.width ?? 0, height: info?.height ?? 0, format: info?.format ?? '', scaleMode: p.scaleMode }
    }
    return { type: p.type }
  })
}

export function snapshotNode(node: NodeImpl, images: ImageStore): NodeSnapshot {
  const scene = node as SceneImpl & { _fills?: ReadonlyArray<Paint> }
  const abs = scene instanceof SceneImpl ? scene._absBox() : { x: 0, y: 0 }
  const out: NodeSnapshot = {
    type: node._type,
    id: node._id,
    name: (node._proxy as SceneNode).name,
    x: scene._x,
    y: scene._y,
    width: scene._w,
    height: scene._h,
    absoluteX: abs.x,
    absoluteY: abs.y,
    visible: scene._visible,
    pluginData: node._data.keys()
  }
  if (scene._fills) {
    out.fills = fills(scene._fills, images)
    const imgs = out.fills.filter((f): f is { type: 'IMAGE'; hash: string; width: number; height: number; format: string; scaleMode: string } => f.type === 'IMAGE')
    if (imgs.length > 0) out.images = imgs.map(({ hash, width, height, format }) => ({ hash, width, height, format }))
  }
  if (node instanceof TextImpl) {
    out.characters = node._characters
    out.fontSize = node._fontSize
    out.fontName = { ...node._fontName }
  }
  if (node._children) out.children = node._children.map((c) => snapshotNode(c, images))
  return out
}
