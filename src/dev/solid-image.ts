// Solid-colour images for tests and benchmarks: a reference, an upload or a fal result of a known size.
import sharp from 'sharp'

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp'

/** An image of one colour (red unless told), encoded as `format` (PNG unless told). */
export async function solidImage(
  width: number,
  height: number,
  { color = { r: 255, g: 0, b: 0 }, format = 'png' }: { color?: string | { r: number; g: number; b: number }; format?: ImageFormat } = {}
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).toFormat(format).toBuffer()
}
