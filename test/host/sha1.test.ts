// The in-memory Figma's image hash must be the SHA-1 Figma uses, for every length: checked against
// Node's OpenSSL on lengths around the block and padding boundaries, and on a multi-megabyte image.
import { createHash, randomBytes } from 'node:crypto'

import { describe, expect, test } from 'vitest'

import { sha1Hex } from '../../src/host/figma/sha1'

const openssl = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex')

describe('sha1Hex', () => {
  test('the standard test vectors', () => {
    expect(sha1Hex(new Uint8Array())).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709')
    expect(sha1Hex(new TextEncoder().encode('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d')
  })

  test.each([1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000])('%i bytes, as OpenSSL hashes them', (length) => {
    const bytes = new Uint8Array(randomBytes(length))
    expect(sha1Hex(bytes)).toBe(openssl(bytes))
  })

  test('a 5 MB view into a larger buffer hashes only its own bytes', () => {
    const buffer = new Uint8Array(randomBytes(5_000_123))
    const view = buffer.subarray(17, 5_000_100)
    expect(sha1Hex(view)).toBe(openssl(view))
  })
})
