// The host's rasterizer for Node tests: librsvg through sharp draws the host's SVG at the exact size.
import sharp from 'sharp'

import type { Rasterizer } from '../host/figma'

/** The quality of the host's JPG exports (Figma's own is not published); the reference bench reads it. */
export const HOST_JPEG_QUALITY = 90

export const nodeRasterizer: Rasterizer = async (svg, width, height, format) => {
  const image = sharp(Buffer.from(svg)).resize(width, height, { fit: 'fill' })
  const out = format === 'JPG' ? await image.flatten({ background: '#ffffff' }).jpeg({ quality: HOST_JPEG_QUALITY }).toBuffer() : await image.png().toBuffer()
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}
