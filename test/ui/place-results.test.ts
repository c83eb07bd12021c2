// How a finished job's images reach their panels: fetched together, placed in panel order, and a
// failed image marked in its own panel without holding up the rest.
import { describe, expect, test } from 'vitest'

import type { JobDeps } from '../../src/ui/jobs/job-deps'
import { placeResults } from '../../src/ui/jobs/place-results'

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const job = {
  jobId: 'job-1',
  sectionId: '1:1',
  panels: [1, 2, 3].map((number) => ({ number, caption: `Beat ${number}` })),
  filled: [] as number[]
}
const result = { images: [1, 2, 3].map((n) => ({ url: `https://fal.media/files/${n}.png` })), seed: 1 }

function fakeDeps(overrides: { download: (url: string) => Promise<Uint8Array> }) {
  const events: string[] = []
  const firstFill = deferred<void>()
  const deps = {
    download: async (url: string) => {
      events.push(`download ${url.slice(-5)}`)
      return overrides.download(url)
    },
    normalise: async (bytes: Uint8Array) => ({ bytes, width: 16, height: 9 }),
    sleep: async () => undefined,
    main: {
      fillPanel: async ({ number }: { number: number }) => {
        events.push(`fill ${number}`)
        if (number === 1) await firstFill.promise
      },
      failPanel: async ({ number, message }: { number: number; message: string }) => {
        events.push(`fail ${number}: ${message}`)
      }
    }
  } as unknown as JobDeps
  return { deps, events, firstFill }
}

describe('placeResults', () => {
  test('every download starts before the first panel is placed, and panels are posted in order without waiting for answers', async () => {
    const { deps, events, firstFill } = fakeDeps({ download: async () => new Uint8Array([1]) })
    const placed: number[] = []
    const placing = placeResults(deps, job, result, (n) => placed.push(n))
    await new Promise((r) => setTimeout(r, 0))
    expect(events.filter((e) => e.startsWith('download'))).toHaveLength(3)
    // Panel 1's answer has not come, yet panels 2 and 3 are already with the main thread, in order.
    expect(events.filter((e) => e.startsWith('fill'))).toEqual(['fill 1', 'fill 2', 'fill 3'])
    // The progress counts the answers as they come: panels 2 and 3 are in, panel 1 is not.
    expect(placed).toEqual([1, 2])
    firstFill.resolve()
    const summary = await placing
    expect(placed).toEqual([1, 2, 3])
    expect(summary).toMatchObject({ placed: 3, unplaced: 0, missing: 0 })
  })

  test('an image that cannot be fetched marks its own panel; the others are placed', async () => {
    const { deps, events, firstFill } = fakeDeps({
      download: async (url) => {
        if (url.endsWith('2.png')) throw new Error('download answered 404')
        return new Uint8Array([1])
      }
    })
    firstFill.resolve()
    const summary = await placeResults(deps, job, result, () => undefined)
    expect(events.filter((e) => !e.startsWith('download'))).toEqual([
      'fill 1',
      'fail 2: The image could not be placed (download answered 404). It is paid for: reopen Keyframe to place it.',
      'fill 3'
    ])
    expect(summary).toMatchObject({ placed: 2, unplaced: 1 })
  })

  test('panels already filled (a reopened job) are neither fetched nor placed again', async () => {
    const { deps, events, firstFill } = fakeDeps({ download: async () => new Uint8Array([1]) })
    firstFill.resolve()
    const summary = await placeResults(deps, { ...job, filled: [1, 3] }, result, () => undefined)
    expect(events).toEqual(['download 2.png', 'fill 2'])
    expect(summary.placed).toBe(3)
  })
})

describe('notes from placing', () => {
  test("a layout the main thread could not compose into is noted, and the image still counts as placed", async () => {
    const deps = {
      download: async () => new Uint8Array([1]),
      normalise: async (bytes: Uint8Array) => ({ bytes, width: 16, height: 9 }),
      sleep: async () => undefined,
      main: {
        fillPanel: async ({ number }: { number: number }) => (number === 2 ? { note: 'The layout "Poster" was deleted, so image 2 was not composed into it; it is in the section.' } : undefined),
        failPanel: async () => undefined
      }
    } as unknown as JobDeps
    const summary = await placeResults(deps, job, result, () => undefined)
    expect(summary).toMatchObject({ placed: 3, unplaced: 0, notes: ['The layout "Poster" was deleted, so image 2 was not composed into it; it is in the section.'] })
  })
})
