// figma.currentUser in the host: there only when the manifest asks for it, as in Figma, and the person the
// host was told is running the plugin.
import { readFileSync } from 'node:fs'

import { describe, expect, test } from 'vitest'

import { DEFAULT_USER, KEYFRAME_PERMISSIONS } from '../../src/host/figma'
import { makeHost } from './helpers'

describe('figma.currentUser', () => {
  test("defaults to what Keyframe's package.json declares, which Create Figma Plugin copies into manifest.json", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { 'figma-plugin': { permissions?: string[] } }
    expect(pkg['figma-plugin'].permissions).toEqual([...KEYFRAME_PERMISSIONS])
    expect(makeHost().figma.currentUser).toMatchObject({ id: DEFAULT_USER.id, name: DEFAULT_USER.name })
  })

  test('throws when the manifest does not declare the "currentuser" permission', () => {
    const { figma } = makeHost({ permissions: [] })
    expect(() => figma.currentUser).toThrow('"currentuser" permission not specified in manifest.json')
    // Reading it is the failure, so a null check cannot guard it.
    expect(() => figma.currentUser?.id).toThrow('permission')
  })

  test('is the user the host was given, read-only, with a session id of its own', () => {
    const { figma } = makeHost({ user: { id: '42', name: 'Ana' } })
    const user = figma.currentUser!
    expect(user).toMatchObject({ id: '42', name: 'Ana', photoUrl: null })
    expect(typeof user.sessionId).toBe('number')
    expect(Object.isFrozen(user)).toBe(true)
  })

  test('can be null, as its type allows', () => {
    expect(makeHost({ user: null }).figma.currentUser).toBeNull()
  })
})
