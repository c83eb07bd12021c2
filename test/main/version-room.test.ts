// The room a panel's version list has left, without Figma: what one version of a plan takes, and how many fit.
import { expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { buildProvenance } from '../../src/main/provenance'
import { utf8Length, versionBytes, versionsThatFit } from '../../src/main/version-room'

const plan = (prompt: string): JobPlan => ({
  jobId: 'j',
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt, resolution: '1K', aspect_ratio: '16:9', num_images: 1 },
  panels: [{ number: 1 }],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.028,
  title: 'Panel 1',
  createdAt: '2026-11-26T13:00:00.000Z',
  target: { kind: 'versions', panelId: '1:2' }
})

test('one version of a plan is estimated at no less than what a real one takes', () => {
  const p = plan('Style: ink. Mara in the rain, é€.')
  const record = { ...p, state: 'submitted' as const, requestId: '019a5c1e-7f3b-7d2a-9c41-2b7e8d1f0a6c', sectionId: '1:2', filled: [], startedBy: { id: '1', name: 'A' } }
  const image = { jobId: 'j', sectionId: '1:2', number: 1, bytes: new Uint8Array(), width: 1, height: 1, sourceUrl: 'https://v3b.fal.media/files/b/koala/abcdefghijklmnopqrstu_out.png' }
  const real = utf8Length(JSON.stringify({ imageHash: 'a'.repeat(40), provenance: buildProvenance(record, image, new Date()) })) + 1
  expect(versionBytes(p)).toBeGreaterThanOrEqual(real)
  // ... and grows with the prompt, counted in bytes (é is two, € three).
  expect(versionBytes(plan('é'.repeat(1000))) - versionBytes(plan(''))).toBe(2000)
})

test('versionsThatFit counts whole versions below the limit, never fewer than none', () => {
  expect(versionsThatFit(100, 300, 1000)).toBe(3)
  expect(versionsThatFit(100, 300, 999)).toBe(2)
  expect(versionsThatFit(100, 300, 400)).toBe(1)
  expect(versionsThatFit(100, 300, 399)).toBe(0)
  expect(versionsThatFit(2000, 300, 1000)).toBe(0)
})
