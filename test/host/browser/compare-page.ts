// Bundled into a blank Chromium page by list-rasterizer.test.ts: builds the same documents on two hosts,
// one drawing exports through the SVG path (rasterize.ts), one through the display list (list-rasterizer.ts),
// and compares their pixels.
import { createFigmaHost, type FigmaHost } from '../../../src/host/figma'
import { createListRasterizer } from '../../../src/playground/page/list-rasterizer'
import { browserRasterizer } from '../../../src/playground/page/rasterize'

/** A photograph stand-in: gradients and a grid, so a shifted, flipped or wrongly scaled image shows. */
async function photo(width: number, height: number, type: 'image/png' | 'image/jpeg'): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height)
  const ctx = canvas.getContext('2d')!
  const g = ctx.createLinearGradient(0, 0, width, height)
  g.addColorStop(0, '#d03020')
  g.addColorStop(0.5, '#20a040')
  g.addColorStop(1, '#2040d0')
  ctx.fillStyle = g
  ctx.fillRect(0, 0, width, height)
  ctx.fillStyle = '#ffffff'
  for (let x = 0; x < width; x += Math.round(width / 8)) ctx.fillRect(x, 0, Math.max(2, width / 100), height)
  ctx.fillStyle = '#101010'
  ctx.fillRect(0, 0, width / 4, height / 5) // top-left marker
  return new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.95 })).arrayBuffer())
}

export type Scenario = 'photo' | 'card' | 'overflow'

async function build(host: FigmaHost, scenario: Scenario, images: Record<string, Uint8Array>): Promise<SceneNode> {
  const figma = host.figma
  const image = (name: string): string => figma.createImage(images[name]!).hash
  if (scenario === 'photo') {
    const frame = figma.createFrame()
    frame.resize(1920, 1080)
    frame.fills = [{ type: 'IMAGE', imageHash: image('wide'), scaleMode: 'FILL' }]
    return frame
  }
  if (scenario === 'card') {
    await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
    await figma.loadFontAsync({ family: 'Inter', style: 'Bold' })
    const card = figma.createFrame()
    card.resize(400, 300)
    card.cornerRadius = 24
    card.clipsContent = true
    card.fills = [{ type: 'SOLID', color: { r: 0.95, g: 0.9, b: 0.8 } }]
    card.strokes = [{ type: 'SOLID', color: { r: 0.1, g: 0.2, b: 0.6 } }]
    card.strokeWeight = 6
    const fit = figma.createRectangle()
    fit.resize(300, 200)
    fit.x = 150
    fit.y = 40 // overflows the card's right edge: clipped
    fit.cornerRadius = 16
    fit.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 0 } }, { type: 'IMAGE', imageHash: image('tall'), scaleMode: 'FIT', opacity: 0.8 }]
    card.appendChild(fit)
    const faded = figma.createFrame()
    faded.resize(160, 120)
    faded.x = 20
    faded.y = 150
    faded.opacity = 0.5
    faded.fills = []
    for (const [x, color] of [[0, { r: 1, g: 0, b: 0 }], [60, { r: 0, g: 0, b: 1 }]] as const) {
      const r = figma.createRectangle()
      r.resize(100, 120)
      r.x = x
      r.fills = [{ type: 'SOLID', color }]
      faded.appendChild(r) // overlapping: group opacity, not per shape
    }
    card.appendChild(faded)
    const title = figma.createText()
    title.fontName = { family: 'Inter', style: 'Bold' }
    title.characters = 'Night market'
    title.fontSize = 32
    title.x = 24
    title.y = 20
    title.fills = [{ type: 'SOLID', color: { r: 0.1, g: 0.1, b: 0.1 } }]
    card.appendChild(title)
    const caption = figma.createText()
    caption.characters = 'Mara walks through the stalls\nunder paper lanterns'
    caption.fontSize = 14
    caption.resize(360, 60)
    caption.textAutoResize = 'HEIGHT'
    caption.textAlignHorizontal = 'CENTER'
    caption.x = 20
    caption.y = 90
    caption.fills = [{ type: 'SOLID', color: { r: 0.2, g: 0.2, b: 0.2 }, opacity: 0.9 }]
    card.appendChild(caption)
    return card
  }
  // An unclipped frame whose child overflows: the export covers the render bounds (transparent outside).
  const frame = figma.createFrame()
  frame.resize(300, 200)
  frame.clipsContent = false
  frame.fills = [{ type: 'SOLID', color: { r: 0.2, g: 0.6, b: 0.3 } }]
  const child = figma.createRectangle()
  child.resize(240, 110) // not the image's aspect: FILL crops it
  child.x = 200
  child.y = 120
  child.fills = [{ type: 'IMAGE', imageHash: image('wide'), scaleMode: 'FILL' }]
  frame.appendChild(child)
  return frame
}

async function pixels(bytes: Uint8Array): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]))
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const ctx = canvas.getContext('2d')!
  ctx.drawImage(bitmap, 0, 0)
  return { width: bitmap.width, height: bitmap.height, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data }
}

const kind = (b: Uint8Array): string => (b[0] === 0x89 && b[1] === 0x50 ? 'PNG' : b[0] === 0xff && b[1] === 0xd8 ? 'JPG' : 'other')

export interface Comparison {
  svg: { width: number; height: number; format: string }
  list: { width: number; height: number; format: string }
  /** Mean absolute difference per channel (0–255), and the share of pixels off by more than 64 on any channel. */
  meanDiff: number
  farShare: number
  /** Mean of the list export's channels: a blank export would not pass as "the same". */
  listMean: number
}

let images: Record<string, Uint8Array> | undefined
const lists = createListRasterizer()

async function compare(scenario: Scenario, settings: ExportSettings): Promise<Comparison> {
  images ??= { wide: await photo(1600, 1200, 'image/png'), tall: await photo(600, 900, 'image/jpeg') }
  const svgHost = createFigmaHost({ rasterize: browserRasterizer })
  const listHost = createFigmaHost({ rasterize: () => Promise.reject(new Error('the list path drew nothing')), rasterizeList: lists.rasterize })
  const a = (await (await build(svgHost, scenario, images)).exportAsync(settings)) as Uint8Array
  const b = (await (await build(listHost, scenario, images)).exportAsync(settings)) as Uint8Array
  const pa = await pixels(a)
  const pb = await pixels(b)
  let sum = 0
  let far = 0
  let listSum = 0
  const same = pa.width === pb.width && pa.height === pb.height
  if (same) {
    for (let i = 0; i < pa.data.length; i += 4) {
      let worst = 0
      for (let c = 0; c < 4; c++) {
        const d = Math.abs(pa.data[i + c]! - pb.data[i + c]!)
        sum += d
        listSum += pb.data[i + c]!
        worst = Math.max(worst, d)
      }
      if (worst > 64) far += 1
    }
  }
  const n = pa.data.length
  return {
    svg: { width: pa.width, height: pa.height, format: kind(a) },
    list: { width: pb.width, height: pb.height, format: kind(b) },
    meanDiff: same ? sum / n : 255,
    farShare: same ? far / (n / 4) : 1,
    listMean: listSum / n
  }
}

/** Exports the same frame `times` times through the list path; how many images were decoded meanwhile. */
async function decodesFor(times: number): Promise<number> {
  images ??= { wide: await photo(1600, 1200, 'image/png'), tall: await photo(600, 900, 'image/jpeg') }
  const fresh = createListRasterizer()
  const host = createFigmaHost({ rasterize: () => Promise.reject(new Error('the list path drew nothing')), rasterizeList: fresh.rasterize })
  const frame = await build(host, 'card', images)
  for (let i = 0; i < times; i++) await frame.exportAsync({ format: 'JPG', constraint: { type: 'SCALE', value: 1 + i / 10 } })
  return fresh.decodes
}

Object.assign(window, { compare, decodesFor })
