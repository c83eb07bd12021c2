import { describe, expect, test } from 'vitest'

import { inspect, makeHost, makeImage, near } from './helpers'

const RED = [255, 0, 0]
const BLUE = [0, 0, 255]
const WHITE = [255, 255, 255]

async function setup(): Promise<{ figma: PluginAPI; frame: FrameNode; host: ReturnType<typeof makeHost> }> {
  const host = makeHost()
  const { figma } = host
  const frame = figma.createFrame()
  frame.resize(200, 100)
  frame.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 } }]
  return { figma, frame, host }
}

describe('exportAsync', () => {
  test('PNG at 1× by default, with the node’s pixels', async () => {
    const { frame } = await setup()
    const bytes = (await frame.exportAsync()) as Uint8Array
    expect(bytes).toBeInstanceOf(Uint8Array)
    const info = await inspect(bytes, { x: 100, y: 50 })
    expect(info).toMatchObject({ format: 'png', width: 200, height: 100 })
    expect(near(info.pixel, BLUE)).toBe(true)
  })

  test('JPG honours WIDTH, HEIGHT and SCALE constraints', async () => {
    const { frame } = await setup()
    const byWidth = await inspect((await frame.exportAsync({ format: 'JPG', constraint: { type: 'WIDTH', value: 50 } })) as Uint8Array)
    expect(byWidth).toMatchObject({ format: 'jpeg', width: 50, height: 25 })
    const byHeight = await inspect((await frame.exportAsync({ format: 'PNG', constraint: { type: 'HEIGHT', value: 64 } })) as Uint8Array)
    expect(byHeight).toMatchObject({ width: 128, height: 64 })
    const byScale = await inspect((await frame.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: 0.5 } })) as Uint8Array)
    expect(byScale).toMatchObject({ width: 100, height: 50 })
  })

  test('image fills are drawn: FILL covers the box, FIT letterboxes', async () => {
    const { figma, frame } = await setup()
    const rect = figma.createRectangle()
    frame.appendChild(rect)
    rect.resize(200, 100)
    const image = figma.createImage(await makeImage(100, 100, 'png', { r: 255, g: 0, b: 0 }))
    rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }]
    const filled = await inspect((await frame.exportAsync({ format: 'PNG' })) as Uint8Array, { x: 5, y: 50 })
    expect(near(filled.pixel, RED)).toBe(true)
    rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FIT' }]
    const fitted = (await frame.exportAsync({ format: 'PNG' })) as Uint8Array
    expect(near((await inspect(fitted, { x: 5, y: 50 })).pixel, BLUE)).toBe(true)
    expect(near((await inspect(fitted, { x: 100, y: 50 })).pixel, RED)).toBe(true)
  })

  test('clipsContent hides overflowing children; without it the export grows', async () => {
    const { figma, frame } = await setup()
    const rect = figma.createRectangle()
    frame.appendChild(rect)
    rect.x = 150
    rect.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }]
    expect(await inspect((await frame.exportAsync()) as Uint8Array)).toMatchObject({ width: 200, height: 100 })
    frame.clipsContent = false
    expect(await inspect((await frame.exportAsync()) as Uint8Array)).toMatchObject({ width: 250, height: 100 })
  })

  test('JPG puts transparency on white; text is drawn in its fill colour', async () => {
    const { figma, frame } = await setup()
    frame.fills = []
    await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
    const text = figma.createText()
    frame.appendChild(text)
    text.fontSize = 60
    text.characters = '■■■'
    text.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }]
    const bytes = (await frame.exportAsync({ format: 'JPG' })) as Uint8Array
    expect(near((await inspect(bytes, { x: 195, y: 95 })).pixel, WHITE)).toBe(true)
    const svg = (await text.exportAsync({ format: 'SVG_STRING' })) as string
    expect(svg).toContain('font-size="60"')
    expect(svg).toContain('fill="rgb(255,0,0)"')
  })

  test('hidden nodes cannot be exported; unknown settings and formats fail loudly', async () => {
    const { frame } = await setup()
    await expect(frame.exportAsync({ format: 'PNG', bogus: 1 } as unknown as ExportSettings)).rejects.toThrow('Unknown export setting')
    await expect(frame.exportAsync({ format: 'PDF' })).rejects.toThrow('not implemented')
    await expect(frame.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 0 } })).rejects.toThrow('positive')
    frame.visible = false
    await expect(frame.exportAsync()).rejects.toThrow('Failed to export node')
  })

  test('SVG export and renderSvg embed image fills as data URIs', async () => {
    const { figma, frame, host } = await setup()
    const image = figma.createImage(await makeImage(4, 4))
    frame.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }]
    const svg = new TextDecoder().decode((await frame.exportAsync({ format: 'SVG' })) as Uint8Array)
    expect(svg).toContain('data:image/png;base64,')
    expect(host.renderSvg()).toContain('viewBox="0 0 200 100"')
  })
})
