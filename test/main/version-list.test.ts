// The version list logic on its own: which version a panel's paints show, stepping, removing, the label
// and the cost, for lists written now and for panels made before versions were kept.
import { describe, expect, test } from 'vitest'

import type { Provenance } from '../../src/main/provenance'
import { neighbour, parseVersions, shownIndex, totalCostUsd, type Version, versionLabel, withoutShown } from '../../src/main/version-list'

const provenance = (requestId: string, costUsd = 0.028): Provenance => ({
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: requestId },
  requestId,
  index: 1,
  imageUrl: 'u',
  costUsd,
  requestCostUsd: costUsd,
  createdAt: 't',
  completedAt: 't',
  generator: 'Keyframe'
})
const v = (hash: string, costUsd?: number): Version => ({ imageHash: hash, provenance: provenance(`req-${hash}`, costUsd) })

describe('parseVersions', () => {
  const versionsOf = (raw: string, legacy: Parameters<typeof parseVersions>[1]) => {
    const read = parseVersions(raw, legacy)
    if (!read.ok) throw new Error(`expected a list, got: ${read.problem}`)
    return read.versions
  }
  test('reads the stored list, oldest first', () => {
    const list = [v('a'), v('b')]
    expect(versionsOf(JSON.stringify(list), {})).toEqual(list)
  })
  test('a panel from before versions (one image, its provenance, no list) reads as v1 of 1', () => {
    expect(versionsOf('', { imageHash: 'a', provenance: provenance('old') })).toEqual([{ imageHash: 'a', provenance: provenance('old') }])
  })
  test('a panel with no image yet, or an image but no provenance, has no versions', () => {
    expect(versionsOf('', {})).toEqual([])
    expect(versionsOf('', { imageHash: 'a' })).toEqual([])
  })
  test('provenance whose image paint the designer replaced still counts as the one image paid for', () => {
    expect(versionsOf('', { provenance: provenance('old') })).toEqual([{ imageHash: '', provenance: provenance('old') }])
  })
  test('a damaged list says what is damaged, never falls back to the single image (a change written from that would overwrite it)', () => {
    const legacy = { imageHash: 'a', provenance: provenance('p') }
    expect(parseVersions('{not json', legacy)).toEqual({ ok: false, problem: 'is not JSON' })
    expect(parseVersions('{"imageHash":"a"}', legacy)).toEqual({ ok: false, problem: 'is not a list' })
    expect(parseVersions('[{"imageHash":3}]', {})).toEqual({ ok: false, problem: expect.stringMatching(/^has a bad imageHash in version 1 \(.+\)$/) })
    expect(parseVersions(JSON.stringify([v('a'), { imageHash: 'b', provenance: 'p' }]), {})).toEqual({ ok: false, problem: expect.stringMatching(/^has a bad provenance in version 2 /) })
    expect(parseVersions('[null]', {})).toEqual({ ok: false, problem: expect.stringMatching(/^has an entry that is not a record in version 1 /) })
  })
  test("an entry's fields beyond those checked are kept as written", () => {
    const list = [{ ...v('a'), note: 'kept', provenance: { ...provenance('x'), extra: 1 } }]
    expect(versionsOf(JSON.stringify(list), {})).toEqual(list)
  })
})

describe('shownIndex', () => {
  const list = [v('a'), v('b'), v('c')]
  test('is the visible paint, wherever the designer moved it in the fills', () => {
    expect(shownIndex(list, [{ imageHash: 'c', visible: false }, { imageHash: 'b', visible: true }, { imageHash: 'a', visible: false }])).toBe(1)
  })
  test('tells apart two versions with the same image by their order among the paints', () => {
    const twins = [v('a'), v('a')]
    expect(shownIndex(twins, [{ imageHash: 'a', visible: false }, { imageHash: 'a', visible: true }])).toBe(1)
    expect(shownIndex(twins, [{ imageHash: 'a', visible: true }, { imageHash: 'a', visible: false }])).toBe(0)
  })
  test('is -1 when nothing listed is visible', () => {
    expect(shownIndex(list, [{ imageHash: 'a', visible: false }])).toBe(-1)
    expect(shownIndex(list, [{ imageHash: 'zzz', visible: true }])).toBe(-1)
    expect(shownIndex([], [])).toBe(-1)
  })
})

describe('stepping and removing', () => {
  test('neighbour stops at both ends', () => {
    expect(neighbour(3, 1, -1)).toBe(0)
    expect(neighbour(3, 1, 1)).toBe(2)
    expect(neighbour(3, 0, -1)).toBeUndefined()
    expect(neighbour(3, 2, 1)).toBeUndefined()
    expect(neighbour(3, -1, 1)).toBeUndefined()
  })
  test('removing the shown version shows the one before it, or the next when it was the first', () => {
    expect(withoutShown([v('a'), v('b'), v('c')], 1)).toEqual({ versions: [v('a'), v('c')], shown: 0 })
    expect(withoutShown([v('a'), v('b')], 0)).toEqual({ versions: [v('b')], shown: 0 })
  })
  test('the only version is never removed', () => {
    expect(() => withoutShown([v('a')], 0)).toThrow('A panel keeps at least one image.')
    expect(() => withoutShown([v('a'), v('b')], -1)).toThrow('No version of this panel is shown.')
  })
})

test('the label only appears once there is more than one version', () => {
  expect(versionLabel(1, 3)).toBe('v2 of 3')
  expect(versionLabel(0, 1)).toBeUndefined()
  expect(versionLabel(-1, 3)).toBeUndefined()
})

test('the cost is everything paid for the panel, without floating-point drift', () => {
  expect(totalCostUsd([v('a', 0.028), v('b', 0.028), v('c', 0.056)])).toBe(0.112)
  expect(totalCostUsd([])).toBe(0)
})
