// A job in flight: Cancel stops it and says what was charged; closing the plugin mid-job and opening it
// again picks the job up by its request id and finishes it, without paying twice.
import { expect, it } from 'vitest'

import { setOfflineFaults } from '../../src/dev/offline-control'
import { readShot } from '../../src/kling/shots'
import { BEATS } from '../../src/playground/page/starter-document'
import { expectFilled, panels, sections } from './canvas'
import { describeE2e, LATENCY_MS, useE2e } from './harness'
import { choose, generate, jobCard, select, waitForStatus } from './plugin-ui'

describeE2e('jobs in flight', () => {
  const e2e = useE2e('job-control')

  async function setFaults(url: string, plan: object): Promise<void> {
    expect((await setOfflineFaults(url, plan)).status).toBe(200)
  }

  /** What the offline fal does with a job cancelled while running (fal leaves it to the model). */
  const cancelRunning = (url: string, what: 'stops' | 'completes') => setFaults(url, { cancelRunning: what })

  it('Cancel while generating, and Kling stops: removes the empty section and says fal may still bill it', async () => {
    const { page, ui, proxy, requests } = e2e()
    await cancelRunning(proxy.url, 'stops')
    await select(page, ['Beat 2'])
    await choose(ui, 'Output', 'Variations')
    await generate(ui)
    await waitForStatus(ui, /^Queued/)
    // The placeholders are on the canvas while fal works.
    const [placeholder] = sections(await page.evaluate(() => window.playground.snapshot()))
    expect(panels(placeholder!).every((p) => p.image.images === undefined)).toBe(true)

    await waitForStatus(ui, /^Generating/)
    await jobCard(ui).getByRole('button', { name: 'Cancel' }).click()
    await waitForStatus(ui, /^Cancelled$/)
    const [request] = await requests()
    expect(request!.state).toBe('CANCELLED')
    expect(request!.input.num_images).toBe(4)
    expect(await jobCard(ui).locator('p').textContent()).toBe(
      'Cancelled while generating: Kling stopped and delivered no images. It had started, so fal may still bill it (would cost $0.112 live).'
    )

    // Nothing arrives later either.
    await page.waitForTimeout(LATENCY_MS + 300)
    expect(sections(await page.evaluate(() => window.playground.snapshot()))).toEqual([])
    expect(await jobCard(ui).getByRole('button', { name: /Dismiss/ }).count()).toBe(1)
  })

  it('Cancel while generating, and Kling finishes anyway: the paid images are placed and the cancel came too late', async () => {
    const { page, ui, proxy, requests } = e2e()
    await cancelRunning(proxy.url, 'completes')
    await select(page, ['Beat 2'])
    await choose(ui, 'Output', 'Variations')
    await generate(ui)
    await waitForStatus(ui, /^Generating/)
    await jobCard(ui).getByRole('button', { name: 'Cancel' }).click()
    await waitForStatus(ui, /^Done$/)
    expect(await jobCard(ui).locator('p').textContent()).toBe('Cancel came too late: placed 4 images, would cost $0.112 live.')
    const [request] = await requests()
    expect(request!.state).toBe('COMPLETED')
    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))
    expectFilled(panels(section!), 16 / 9)
  })

  it('closing the plugin mid-job and opening it again finishes the job', async () => {
    const { page, ui, requests } = e2e()
    await select(page, ['Beat 1', 'Beat 2', 'Beat 3', 'Beat 4', '@Mara'])
    await choose(ui, 'Output', 'Series')
    await generate(ui)
    await waitForStatus(ui, /^Queued/)

    await page.evaluate(() => window.playground.closePlugin())
    expect(await page.locator('iframe').count()).toBe(0)
    expect(await page.evaluate(() => window.playground.pluginOpen)).toBe(false)
    // Left behind: the section with its placeholders and the job recorded in the file.
    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))
    expect(panels(section!)).toHaveLength(4)
    expect(panels(section!).every((p) => p.image.images === undefined)).toBe(true)
    expect(section!.pluginData.length).toBeGreaterThan(0)

    await page.evaluate(() => window.playground.openPlugin())
    await waitForStatus(ui, /^Done$/)
    expect(await jobCard(ui).textContent()).toMatch(/Placed 4 images/)

    // One submit only: the reopened plugin followed the same request rather than paying again.
    const all = await requests()
    expect(all).toHaveLength(1)
    const snapshot = await page.evaluate(() => window.playground.snapshot())
    const [finished, ...more] = sections(snapshot)
    expect(more).toEqual([])
    expect(finished!.id).toBe(section!.id)
    const list = panels(finished!)
    // Captions read as prose: the mention is the name, the full stop stays.
    expect(list.map((p) => p.caption)).toEqual(BEATS.map((b) => readShot(b).text.replaceAll('@Mara', 'Mara')))
    expectFilled(list, 16 / 9)
    const provenance = JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), list[0]!.node.id))['keyframe.provenance']!)
    expect(provenance.requestId).toBe(all[0]!.request_id)
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  })

  it('Cancel while queued, with the status stream open: the card ends cancelled, nothing charged, and the placeholders go', async () => {
    const { page, ui, proxy, requests } = e2e()
    // A busy fal: the job waits in the queue long enough that the click certainly lands there.
    await setFaults(proxy.url, { holdInQueueMs: 15_000 })
    await select(page, ['Beat 2'])
    await choose(ui, 'Output', 'Variations')
    await generate(ui)
    // A queue position on the card comes from the follower's status stream, opened before any poll.
    await waitForStatus(ui, /^Queued, \d ahead$/)
    // fal's answer to the cancel takes a moment (as a real one does), so the card is seen waiting for it.
    await setFaults(proxy.url, { holdInQueueMs: 15_000, slowMs: 1_500 })
    await jobCard(ui).getByRole('button', { name: 'Cancel' }).click()
    expect(await jobCard(ui).getByRole('button', { name: 'Cancel sent' }).isDisabled()).toBe(true)
    await waitForStatus(ui, /^Cancelled$/)
    expect(await jobCard(ui).locator('p').textContent()).toBe('Cancelled while queued: fal removed it from the queue, so nothing was charged.')
    expect(await jobCard(ui).getByLabel('would cost $0.112 live, not charged').count()).toBe(1)
    const [request] = await requests()
    expect(request!.state).toBe('CANCELLED')
    // The "Waiting for Kling…" section is gone, and nothing comes back later.
    expect(sections(await page.evaluate(() => window.playground.snapshot()))).toEqual([])
    await page.waitForTimeout(LATENCY_MS + 300)
    expect(sections(await page.evaluate(() => window.playground.snapshot()))).toEqual([])
    expect(await jobCard(ui).getByRole('button', { name: /Dismiss/ }).count()).toBe(1)
    await fetch(`${proxy.url}/__offline/faults`, { method: 'DELETE' })
  })
})
