// SHA-1, synchronous and platform-neutral: Figma's image hashes are 40-hex SHA-1 digests of the file
// bytes, and createImage is synchronous, so WebCrypto's async digest cannot be used.
// Figma hashes natively; this stand-in hashes every placed result in JS (49 MB for nine 2K PNGs), so it
// reads whole blocks straight from the input (no padded copy) and runs the four round groups as
// separate loops, without a branch per round.

const w = new Int32Array(80)

function compress(state: Int32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4
    w[i] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!
  }
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!
    w[i] = (x << 1) | (x >>> 31)
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!
  let t: number
  for (let i = 0; i < 20; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]!) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t
  }
  for (let i = 20; i < 40; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t
  }
  for (let i = 40; i < 60; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + w[i]!) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t
  }
  for (let i = 60; i < 80; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + w[i]!) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t
  }
  state[0] = (state[0]! + a) | 0
  state[1] = (state[1]! + b) | 0
  state[2] = (state[2]! + c) | 0
  state[3] = (state[3]! + d) | 0
  state[4] = (state[4]! + e) | 0
}

export function sha1Hex(bytes: Uint8Array): string {
  const state = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0])
  const whole = bytes.length - (bytes.length % 64)
  for (let offset = 0; offset < whole; offset += 64) compress(state, bytes, offset)
  // The rest, the 0x80 marker and the length in bits: one block, or two when the rest leaves no room.
  const tail = new Uint8Array(bytes.length % 64 < 56 ? 64 : 128)
  tail.set(bytes.subarray(whole))
  tail[bytes.length - whole] = 0x80
  const view = new DataView(tail.buffer)
  view.setUint32(tail.length - 8, Math.floor(bytes.length / 2 ** 29))
  view.setUint32(tail.length - 4, (bytes.length * 8) >>> 0)
  for (let offset = 0; offset < tail.length; offset += 64) compress(state, tail, offset)
  return [...state].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('')
}
