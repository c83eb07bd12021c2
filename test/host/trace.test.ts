// The stand-in's trace (bench/overhead.ts reads it through the playground): silent unless turned on.
import { afterEach, describe, expect, test } from 'vitest'

import { setTracing, tracedSpans } from '../../src/host/figma'
import { makeHost, makeImage } from './helpers'

afterEach(() => void setTracing(false))

describe('trace', () => {
  test('records nothing while off', async () => {
    const host = makeHost()
    host.figma.createImage(await makeImage(8, 8))
    expect(tracedSpans()).toEqual([])
  })

  test('records createImage and its hash, and a UI message by its RPC id', async () => {
    const host = makeHost()
    setTracing(true)
    host.figma.ui.onmessage = () => undefined
    host.figma.createImage(await makeImage(8, 8))
    host.ui.emit('RPC_REQUEST', 7, 'fillPanel', {})
    await host.idle()
    const names = tracedSpans().map((s) => `${s.name}${s.detail ? ` ${s.detail}` : ''}`)
    expect(names).toEqual(
      expect.arrayContaining(['createImage: hash', 'createImage', 'clone from UI RPC_REQUEST:7', 'page hands over RPC_REQUEST:7', 'main receives RPC_REQUEST:7'])
    )
    for (const s of tracedSpans()) expect(s.end).toBeGreaterThanOrEqual(s.start)
  })
})
