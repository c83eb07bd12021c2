// The JSON the host loads a document from and snapshots a page into.
import { fromBase64 } from './base64'
import type { HostContext } from './context'
import type { NodeImpl } from './nodes/base-node'
import { FrameImpl } from './nodes/frame-node'
import { RectangleImpl, SectionImpl } from './nodes/shape-nodes'
import type { SceneImpl } from './nodes/scene-node'
import { TextImpl } from './nodes/text-node'

/** A colour as `{ r, g, b }` in 0…1 or a `#rrggbb` string. */
export type ColorJson = RGB | string

export type PaintJson =
  | { type: 'SOLID'; color: ColorJson; opacity?: number; visible?: boolean }
  /** `image`: base64 or a `data:` URI of PNG, JPEG or GIF bytes (or the bytes themselves). */
  | { type: 'IMAGE'; image: string | Uint8Array; scaleMode?: 'FILL' | 'FIT' | 'CROP' | 'TILE'; opacity?: number; visible?: boolean }

interface BaseJson {
  /** Kept when given, so tests and the playground can refer to nodes by id. */
  id?: string
  name?: string
  x?: number
  y?: number
  width?: number
  height?: number
  visible?: boolean
  opacity?: number
  pluginData?: Record<string, string>
}

export interface FrameJson extends BaseJson {
  type: 'FRAME'
  fills?: PaintJson[]
  cornerRadius?: number
  clipsContent?: boolean
  /** Auto layout (only the mode is modelled: see nodes/auto-layout.ts). */
  layoutMode?: 'NONE' | 'HORIZONTAL' | 'VERTICAL' | 'GRID'
  children?: NodeJson[]
}
export interface SectionJson extends BaseJson {
  type: 'SECTION'
  fills?: PaintJson[]
  children?: NodeJson[]
}
export interface RectangleJson extends BaseJson {
  type: 'RECTANGLE'
  fills?: PaintJson[]
  cornerRadius?: number
}
export interface TextJson extends BaseJson {
  type: 'TEXT'
  characters: string
  fontSize?: number
  fontName?: FontName
  fills?: PaintJson[]
  /** Defaults to WIDTH_AND_HEIGHT, or HEIGHT when a width is given. */
  textAutoResize?: 'NONE' | 'WIDTH_AND_HEIGHT' | 'HEIGHT'
}
export type NodeJson = FrameJson | SectionJson | RectangleJson | TextJson

export interface PageJson {
  id?: string
  name?: string
  children?: NodeJson[]
  pluginData?: Record<string, string>
}
export interface DocumentJson {
  name?: string
  /** One page, or several: the first is the current page. A bare `children` makes a single page. */
  pages?: PageJson[]
  children?: NodeJson[]
  pluginData?: Record<string, string>
  /** Ids or names selected on the current page when the plugin starts. */
  selection?: string[]
}

export function parseColor(c: ColorJson): RGB {
  if (typeof c !== 'string') return { r: c.r, g: c.g, b: c.b }
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c)
  if (!m) throw new Error(`Bad colour "${c}": use #rrggbb or { r, g, b }`)
  return { r: parseInt(m[1]!, 16) / 255, g: parseInt(m[2]!, 16) / 255, b: parseInt(m[3]!, 16) / 255 }
}

function imageBytes(image: string | Uint8Array): Uint8Array {
  if (image instanceof Uint8Array) return image
  return fromBase64(image.replace(/^data:[^,]*;base64,/, ''))
}

function toPaints(ctx: HostContext, paints: PaintJson[]): Paint[] {
  return paints.map((p): Paint => {
    const base = { opacity: p.opacity ?? 1, visible: p.visible ?? true }
    if (p.type === 'SOLID') return { type: 'SOLID', color: parseColor(p.color), ...base }
    const hash = ctx.images.create(imageBytes(p.image)).hash
    return { type: 'IMAGE', imageHash: hash, scaleMode: p.scaleMode ?? 'FILL', ...base }
  })
}

/** Builds one node (and its subtree) under `parent`, bypassing font checks: the file already has them. */
export function buildNode(ctx: HostContext, parent: NodeImpl, json: NodeJson): SceneImpl {
  const id = json.id ?? ctx.nextId()
  if (ctx.nodes.has(id)) throw new Error(`Duplicate node id "${id}" in the document JSON`)
  const node =
    json.type === 'FRAME' ? new FrameImpl(ctx, id)
    : json.type === 'SECTION' ? new SectionImpl(ctx, id)
    : json.type === 'RECTANGLE' ? new RectangleImpl(ctx, id)
    : json.type === 'TEXT' ? new TextImpl(ctx, id)
    : null
  if (!node) throw new Error(`Unsupported node type "${String((json as { type?: unknown }).type)}" in the document JSON`)
  node._parent = parent
  parent._children!.push(node)
  // The setters check values as the plugin's writes are checked; no change is reported for a load.
  if (json.name !== undefined) node.name = json.name
  if (json.fills) node.fills = toPaints(ctx, json.fills)
  if ('cornerRadius' in json && json.cornerRadius !== undefined && !(node instanceof TextImpl)) node.cornerRadius = json.cornerRadius
  if (node instanceof TextImpl) {
    const t = json as TextJson
    if (t.fontName) node._fontName = { ...t.fontName }
    node._fontSize = t.fontSize ?? 12
    node._characters = t.characters
    node._autoResize = t.textAutoResize ?? (json.width !== undefined ? 'HEIGHT' : 'WIDTH_AND_HEIGHT')
    node._w = json.width ?? 0
    node._h = json.height ?? 0
    node._reflow()
  } else if (json.width !== undefined || json.height !== undefined) {
    node._w = json.width ?? node._w
    node._h = json.height ?? node._h
  }
  node._x = json.x ?? 0
  node._y = json.y ?? 0
  if (json.visible === false) node._visible = false
  if (json.opacity !== undefined) node._opacity = json.opacity
  for (const [k, v] of Object.entries(json.pluginData ?? {})) node._data.set(k, v)
  if (json.type === 'FRAME' || json.type === 'SECTION') {
    for (const child of json.children ?? []) buildNode(ctx, node, child)
  }
  if (node instanceof FrameImpl) {
    const f = json as FrameJson
    if (f.clipsContent !== undefined) node._clipsContent = f.clipsContent
    if (f.layoutMode !== undefined) node.layoutMode = f.layoutMode
  }
  return node
}
