// Photographic-looking frames for the benchmarks: smooth gradients plus grain, which compress like
// photos do (badly as PNG, well as JPEG), unlike the flat colours tests use.
import sharp from 'sharp'

export async function photoPng(width: number, height: number, seed: number): Promise<string> {
  const pixels = Buffer.alloc(width * height * 3)
  let state = seed * 2654435761
  const noise = () => {
    state = (state * 1103515245 + 12345) >>> 0
    return (state >>> 16) % 48
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      pixels[i] = Math.min(255, ((x / width) * 180 + seed * 20 + noise()) | 0)
      pixels[i + 1] = Math.min(255, ((y / height) * 140 + 40 + noise()) | 0)
      pixels[i + 2] = Math.min(255, (((x + y) / (width + height)) * 200 + noise()) | 0)
    }
  }
  const png = await sharp(pixels, { raw: { width, height, channels: 3 } }).blur(1.2).png().toBuffer()
  return png.toString('base64')
}
