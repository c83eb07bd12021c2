// Reads an image's format and pixel size from its first bytes, without decoding it. Shared by the main
// thread (the size of an exported reference), the UI (is a result WebP?) and the in-memory host
// (figma.createImage's PNG/JPEG/GIF-only, 4096 px rules).

export type ImageFormat = 'PNG' | 'JPEG' | 'GIF'

export interface ImageInfo {
  format: ImageFormat
  width: number
  height: number
}

export const MIME_TYPES: Record<ImageFormat, string> = { PNG: 'image/png', JPEG: 'image/jpeg', GIF: 'image/gif' }

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/** Returns null for anything that is not a readable PNG, JPEG or GIF (WebP, SVG, truncated files…). */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    // The size is in the IHDR chunk, which must come first; anything else there is not a PNG header.
    if (bytes.length < 24 || view.getUint32(8) !== 13 || !startsWith(bytes.subarray(12), [0x49, 0x48, 0x44, 0x52])) return null
    return { format: 'PNG', width: view.getUint32(16), height: view.getUint32(20) }
  }
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) {
    if (bytes.length < 10) return null
    return { format: 'GIF', width: view.getUint16(6, true), height: view.getUint16(8, true) }
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return readJpegSize(bytes, view)
  return null
}

function readJpegSize(bytes: Uint8Array, view: DataView): ImageInfo | null {
  let i = 2
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null
    const marker = bytes[i + 1]!
    if (marker === 0xff) { i++; continue }
    // Standalone markers carry no length.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue }
    const length = view.getUint16(i + 2)
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) hold the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'JPEG', height: view.getUint16(i + 5), width: view.getUint16(i + 7) }
    }
    i += 2 + length
  }
  return null
}

export type SniffedType = 'png' | 'jpeg' | 'gif' | 'webp' | 'unknown'

/** The container format, WebP included (which figma.createImage refuses). */
export function sniffImageType(bytes: Uint8Array): SniffedType {
  const info = readImageInfo(bytes)
  if (info) return info.format === 'PNG' ? 'png' : info.format === 'JPEG' ? 'jpeg' : 'gif'
  const riff = startsWith(bytes, [0x52, 0x49, 0x46, 0x46])
  const webp = bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50
  return riff && webp ? 'webp' : 'unknown'
}

/**
 * Whether the image can hold transparency, read from its header: PNG with an alpha channel or a tRNS
 * chunk, WebP with its alpha flag (VP8X) or alpha bit (VP8L), and GIF (which may have a transparent
 * colour). JPEG and plain lossy WebP (VP8) cannot. Decides whether a re-encoded result may go to JPEG.
 */
export function mayHaveAlpha(bytes: Uint8Array): boolean {
  const type = sniffImageType(bytes)
  if (type === 'jpeg') return false
  if (type === 'gif' || type === 'unknown') return true
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (type === 'png') {
    const colourType = bytes[25]
    if (colourType === 4 || colourType === 6) return true
    // A palette or grey image with a tRNS chunk before its pixels is transparent too.
    for (let i = 8; i + 8 <= bytes.length; ) {
      const length = view.getUint32(i)
      const chunk = String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!, bytes[i + 6]!, bytes[i + 7]!)
      if (chunk === 'tRNS') return true
      if (chunk === 'IDAT' || chunk === 'IEND') return false
      i += 12 + length
    }
    return false
  }
  const chunk = String.fromCharCode(bytes[12] ?? 0, bytes[13] ?? 0, bytes[14] ?? 0, bytes[15] ?? 0)
  if (chunk === 'VP8 ') return false
  if (chunk === 'VP8X') return ((bytes[20] ?? 0) & 0x10) !== 0
  // VP8L: after the 0x2f signature, 14 + 14 bits of size, then the alpha_is_used bit.
  if (chunk === 'VP8L') return bytes.length > 24 && (view.getUint32(21, true) & (1 << 28)) !== 0
  return true
}

/**
 * Whether a PNG, JPEG or GIF runs to its own end: PNG's last chunk is IEND, JPEG's last marker is EOI, GIF's
 * last byte its trailer. A file cut short (or a body that is not the image its header names) fails this.
 */
export function endsWhole(bytes: Uint8Array, format: ImageFormat): boolean {
  const n = bytes.length
  if (format === 'PNG') return n >= 12 && startsWith(bytes.subarray(n - 12), [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
  if (format === 'JPEG') return n >= 2 && bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9
  return n >= 1 && bytes[n - 1] === 0x3b
}
