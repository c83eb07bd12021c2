// The host's rasterizer for Node tests: librsvg through sharp draws the host's SVG at the exact size.
import sharp from 'sharp'

import type { Rasterizer } from '../../src/host/figma'

export const nodeRasterizer: Rasterizer = async (svg, width, height, format) => {
  const image = sharp(Buffer.from(svg)).resize(width, height, { fit: 'fill' })
  const out = format === 'JPG' ? await image.flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer() : await image.png().toBuffer()
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}
