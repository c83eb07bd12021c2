// Getting a storyboard out of Figma, end to end in Chromium: a series of 4 from the starter scene, its
// section selected, the shot list copied and downloaded as CSV, and the PDF downloaded and opened with a
// real PDF reader. The canvas is the same afterwards as before.
import { readFileSync } from 'node:fs'

import { expect, it } from 'vitest'

import { setOfflineFaults } from '../../src/dev/offline-control'
import { readShot } from '../../src/kling/shots'
import { BEATS } from '../../src/playground/page/starter-document'
import { readPdf } from '../ui/read-pdf'
import { renderPdfPage } from './render-pdf'
import { panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { choose, copyShotList, generate, generateStarterSeries, select, waitForStatus } from './plugin-ui'

describeE2e('export', () => {
  const e2e = useE2e('export')

  it('a series of 4 exported as a PDF, a copied shot list and a CSV', async () => {
    const { page, ui, requests } = e2e()
    await generateStarterSeries(page, ui)
    await waitForStatus(ui, /^Done$/)
    const [request] = await requests()

    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))
    // The file is named after the section, without the "…" of a shortened title.
    const fileBase = section!.name.replace(/[\s.…]+$/, '')
    await page.evaluate((id) => window.playground.select([id]), section!.id)
    const exportArea = ui.getByRole('region', { name: 'Export' })
    await exportArea.getByRole('button', { name: 'Copy shot list' }).waitFor()
    const before = JSON.stringify(await page.evaluate(() => window.playground.snapshot()))
    await page.screenshot({ path: 'test-results/e2e-export-selected.png' })

    const rows = await copyShotList(page, exportArea, /^Copied 4 rows/)
    expect(rows[0]).toEqual(['Panel', 'Caption', 'Shot', 'Prompt', 'Model', 'Resolution', 'Aspect ratio', 'Cost (USD)', 'Request id'])
    expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4'])
    // The starter's last beat starts "Wide shot:": its caption is the rest, its shot in the Shot column.
    const captions = BEATS.map((b) => readShot(b).text.replaceAll('@Mara', 'Mara'))
    expect(rows.slice(1).map((r) => r[1])).toEqual(captions)
    expect(rows.slice(1).map((r) => r[2])).toEqual(['', '', 'Close-up', 'Wide'])
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(9)
      expect(row.slice(4, 8)).toEqual(['Kling Image O3 text-to-image', '1K', '16:9', '0.028'])
      expect(row[8]).toBe(request!.request_id)
    }
    await page.screenshot({ path: 'test-results/e2e-export-copied.png' })

    // Download CSV.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), exportArea.getByRole('button', { name: 'Download CSV' }).click()])
    expect(csvDownload.suggestedFilename()).toBe(`${fileBase}.csv`)
    const csv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\ufeff/, '')
    const csvLines = csv.split('\r\n')
    expect(csvLines).toHaveLength(6) // header, 4 rows, and the empty string after the last CRLF
    // The first caption has a comma, so CSV quotes it.
    expect(captions[0]).toContain(',')
    expect(csvLines[1]!.startsWith(`1,"${captions[0]}",`)).toBe(true)
    expect(csvLines.slice(1, 5).every((l) => l.endsWith(`,${request!.request_id}`))).toBe(true)

    // Export PDF.
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), exportArea.getByRole('button', { name: 'Export PDF' }).click()])
    expect(pdfDownload.suggestedFilename()).toBe(`${fileBase}.pdf`)
    await expect.poll(() => exportArea.getByRole('status').textContent()).toMatch(/^Downloaded .*\.pdf \(1 page\)\.$/)
    await page.screenshot({ path: 'test-results/e2e-export-pdf.png' })
    const bytes = new Uint8Array(readFileSync((await pdfDownload.path())!))
    const pdf = await readPdf(bytes)
    expect(pdf.pages).toHaveLength(1)
    const [sheet] = pdf.pages
    expect(sheet!.text.startsWith(section!.name.replace(/\s+/g, ' '))).toBe(true)
    expect(sheet!.text).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} · 4 panels/)
    for (const [i, caption] of captions.entries()) expect(sheet!.text).toContain(`${i + 1} ${caption}`)
    expect(sheet!.text).toContain(`${captions[3]} (Wide)`)
    expect(sheet!.images).toBe(4)
    await renderPdfPage(bytes, 1, 'test-results/e2e-export-pdf-page-1.png')

    // Exporting read the canvas and changed nothing.
    expect(JSON.stringify(await page.evaluate(() => window.playground.snapshot()))).toBe(before)
    expect(panels(section!)).toHaveLength(4)
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  }, 60_000)

  it('a storyboard whose job is still queued exports with empty panels, and says so', async () => {
    const { page, ui, proxy } = e2e()
    // A busy fal: the job stays queued while the export runs.
    const held = await setOfflineFaults(proxy.url, { holdInQueueMs: 15_000 })
    expect(held.ok).toBe(true)
    await generateStarterSeries(page, ui)
    await waitForStatus(ui, /^Queued/)

    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))
    await page.evaluate((id) => window.playground.select([id]), section!.id)
    const exportArea = ui.getByRole('region', { name: 'Export' })
    const [download] = await Promise.all([page.waitForEvent('download'), exportArea.getByRole('button', { name: 'Export PDF' }).click()])
    const status = exportArea.getByRole('status')
    await expect.poll(() => status.textContent()).toMatch(/is still generating: panels without their image are left empty\.$/)
    await page.screenshot({ path: 'test-results/e2e-export-while-queued.png' })

    const [sheet, ...more] = (await readPdf(new Uint8Array(readFileSync((await download.path())!)))).pages
    expect(more).toEqual([])
    expect(sheet!.images).toBe(0)
    expect(sheet!.text.match(/Waiting for Kling…/g)).toHaveLength(4)
    await renderPdfPage(new Uint8Array(readFileSync((await download.path())!)), 1, 'test-results/e2e-export-while-queued-pdf-page-1.png')
    for (const [i, beat] of BEATS.entries()) expect(sheet!.text).toContain(`${i + 1} ${readShot(beat).text.replaceAll('@Mara', 'Mara')}`)
    // The job is still queued and untouched by the export.
    expect(await waitForStatus(ui, /^Queued/)).toMatch(/^Queued/)
  }, 60_000)
})
