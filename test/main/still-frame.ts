// The reference frame the export-cache tests share: a solid frame holding an image and a caption.
import type { FrameJson } from '../../src/host/figma'
import { makeImage } from '../host/helpers'

export async function stillFrame(): Promise<FrameJson> {
  return {
    type: 'FRAME', id: '5:1', name: 'Still', x: 0, y: 0, width: 640, height: 360, fills: [{ type: 'SOLID', color: { r: 0.2, g: 0.3, b: 0.4 } }],
    children: [
      { type: 'RECTANGLE', id: '5:2', name: 'Photo', x: 20, y: 20, width: 300, height: 200, fills: [{ type: 'IMAGE', image: await makeImage(300, 200, 'png', { r: 200, g: 0, b: 0 }) }] },
      { type: 'TEXT', id: '5:3', name: 'Title', x: 20, y: 300, width: 400, characters: 'Dawn' }
    ]
  }
}
