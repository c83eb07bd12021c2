// Base64 without Buffer or btoa so the core runs unchanged in Node, browsers and workers (TextDecoder is in all three).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0))
const PAD = 61 // '='
const ASCII = new TextDecoder('ascii')

export function toBase64(bytes: Uint8Array): string {
  // Into a byte buffer, then decoded as one string: adding a character at a time to a string costs
  // hundreds of milliseconds on the megabytes one image holds (every export in the playground encodes one).
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4)
  let o = 0
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out[o++] = CODES[n >> 18]!
    out[o++] = CODES[(n >> 12) & 63]!
    out[o++] = CODES[(n >> 6) & 63]!
    out[o++] = CODES[n & 63]!
  }
  const rest = bytes.length - i
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0)
    out[o++] = CODES[n >> 18]!
    out[o++] = CODES[(n >> 12) & 63]!
    out[o++] = rest === 2 ? CODES[(n >> 6) & 63]! : PAD
    out[o++] = PAD
  }
  return ASCII.decode(out)
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let value = 0
  let o = 0
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch === '-' ? '+' : ch === '_' ? '/' : ch)
    if (v < 0) throw new Error(`Invalid base64 character "${ch}"`)
    value = (value << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 0xff
    }
  }
  return out.subarray(0, o)
}
