// The plugin closed mid-job and opened again after fal has dropped the result: the proxy followed the job
// while the plugin was closed and kept the result, so every image is still placed.
import { expect, it } from 'vitest'

import { setOfflineFaults } from '../../src/dev/offline-control'
import { expectFilled, panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { choose, generate, select, waitForStatus } from './plugin-ui'

describeE2e('results the proxy keeps', () => {
  // Following often enough to keep the result inside the shortened retention below.
  const e2e = useE2e('kept-results', { followIntervalMs: 100 })

  it('closed mid-job, reopened after fal forgot the result: every image is placed', async () => {
    const { page, ui, proxy, requests } = e2e()
    // fal keeps a result an hour; here half a second after the job ends.
    const set = await setOfflineFaults(proxy.url, { retentionMs: 500 })
    expect(set.status).toBe(200)
    await select(page, ['Beat 1', 'Beat 2', 'Beat 3', 'Beat 4', '@Mara'])
    await choose(ui, 'Output', 'Series')
    await generate(ui)
    await waitForStatus(ui, /^Queued/)
    await page.evaluate(() => window.playground.closePlugin())
    expect(await page.evaluate(() => window.playground.pluginOpen)).toBe(false)
    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))
    expect(panels(section!).every((p) => p.image.images === undefined)).toBe(true)

    // The offline fal finishes the job and then forgets it, while the plugin is closed.
    await expect.poll(async () => (await requests()).map((r) => r.state), { timeout: 20_000, interval: 100 }).toEqual(['EXPIRED'])

    await page.evaluate(() => window.playground.openPlugin())
    await waitForStatus(ui, /^Done$/)
    expect(await ui.getByRole('listitem', { name: /^Job: / }).last().textContent()).toMatch(/Placed 4 images/)
    const [finished, ...more] = sections(await page.evaluate(() => window.playground.snapshot()))
    expect(more).toEqual([])
    expect(finished!.id).toBe(section!.id)
    expectFilled(panels(finished!), 16 / 9)
    // Still one submit: nothing was paid again.
    expect(await requests()).toHaveLength(1)
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  })
})
