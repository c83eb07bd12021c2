// 1. What Keyframe adds where the designer feels it: the built plugin in the playground (Chromium), against
// the proxy in offline mode, timed with the page's and the offline service's own clocks.
// - Click → submitted: the Generate click (the click event's time in the plugin's UI) to the moment the
//   offline service received the submit (its request log), with 4 photographic reference frames at 2K:
//   first time (export and upload) and on repeat (the uploads are cached, and the main thread answers
//   unchanged frames from its last export: src/main/reference-cache.ts). Baselines, in the same page: the same bytes uploaded raw (initiate + PUT, no plugin),
//   and the same submit body posted raw.
// - Model done → last panel filled: the job's end by the offline service's clock (and its images ready)
//   to the main thread's answer to the last fillPanel reaching the UI. The results are photographic PNGs
//   of realistic weight (bench/photos.ts), served by the offline service in place of its placeholders, so
//   the plugin downloads, decodes, re-encodes (4K) and transfers real bytes. Baseline, in the same frame:
//   fetching and decoding the same files (and re-encoding the 4K ones) with nothing else. The tail after the
//   last download is split by step from the in-memory Figma's trace (window.playground.trace), matched to
//   each fillPanel by its RPC id, and one result's bytes are posted UI → page alone to time the browser's copy.
import { mkdtempSync, rmSync } from 'node:fs'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Frame, FrameLocator, Page, Request } from 'playwright-core'
import sharp from 'sharp'

import { type OfflineRequest, offlineRequests } from '../src/dev/offline-control'
import type { DocumentJson } from '../src/host/figma'
import type { ResultImageSource } from '../src/proxy/offline/generate'
import { mountPlayground } from '../src/playground/server'
import { startProxy } from '../src/proxy/server'
import { CHROMIUM, launchChromium } from '../src/dev/chromium'
import { buildForProxy } from '../src/dev/team-build'
import type { Figure } from './figures'
import { photoPng } from './photos'
import { median, round } from './stats'

const RUNS = Number(process.env.BENCH_OVERHEAD_RUNS ?? 7)
/** The model's time: long enough that a job's images are stored before it ends. */
const MODEL_LATENCY_MS = 1500
/**
 * fal does not publish Kling's exact 4K size ("~4096 px" long side, src/kling/output-size.ts); the bench
 * serves 4K results a little over Figma's 4096 px limit, so the plugin must re-encode them.
 */
const FOUR_K = { width: 4608, height: 2592 }

interface RpcRequest {
  id: string
  method: string
  jobId?: string
  t: number
}

declare global {
  interface Window {
    __bench?: { requests: RpcRequest[]; responses: { id: string; t: number }[]; clicks: number[] }
  }
}

export async function measureOverhead(): Promise<Figure[] | { skipped: string }> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` }
  const images = await premadeResults()
  const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-bench-'))
  let pluginDir = ''
  const proxy = await startProxy({
    port: 0,
    dataDir,
    offlineLatencyMs: MODEL_LATENCY_MS,
    offlineResultImages: images.source,
    rateLimitPerMinute: 0,
    submitRateLimitPerMinute: 0,
    uploadsPerDay: 0,
    mount: (app) => mountPlayground(app, { pluginDir: () => pluginDir }),
    log: () => {}
  })
  const build = await buildForProxy(proxy.origin)
  pluginDir = build.dir
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (error) => console.error('[overhead] page error:', error.message))
    await page.goto(`${proxy.url}/playground`)
    await page.evaluate(() => window.playground.ready)
    const bench = new Bench(page, proxy.url)
    await bench.listen()
    const click = process.env.BENCH_OVERHEAD_SKIP_CLICK ? undefined! : await bench.clickToSubmitted()
    const series = await bench.modelDoneToLastPanel('series', 9, '2K')
    const variations = await bench.modelDoneToLastPanel('variations', 4, '4K')
    if (!click) return figures(undefined, series, variations, images)
    return figures(click, series, variations, images)
  } finally {
    await browser.close()
    await proxy.close()
    build.remove()
    rmSync(dataDir, { recursive: true, force: true })
  }
}


interface Timed {
  method: string
  url: string
  target: string
  start: number
  end: number
  body?: Buffer | null
  headers: Record<string, string>
  /** An initiate's answer: where the uploaded bytes can be read back. */
  fileUrl?: string
}

interface ClickRuns {
  first: number[]
  repeat: number[]
  rawUpload: number[]
  rawSubmit: number[]
  /** Per first-time run: upload network time (initiate + PUT), and the submit request until the service had it. */
  uploadNetwork: number[]
  submitNetwork: number[]
  referenceBytes: number
  /** Per first-time run: click → first export asked; the exports' span; each export (main thread and transfer), summed; host steps summed. */
  beforeExport: number[]
  exportSpan: number[]
  exportSum: number[]
  decode: number[]
  /** Images decoded by the references' exports (the thumbnails, exported on selection, may have decoded them already). */
  decoded: number[]
  draw: number[]
  encode: number[]
  /** Last export answered → last upload done (hash, cache lookup, upload of the last reference); job record (startJob); → submit sent. */
  uploadTail: number[]
  jobRecord: number[]
  toSubmit: number[]
  /** Per repeat: the exports' span (answered from the cache), and click → first export asked. */
  repeatExportSpan: number[]
  repeatBeforeExport: number[]
  repeatJobRecord: number[]
  /** Last kept export answered (by id, no bytes) → startJob asked (composing); job recorded → submit sent; the submit request. */
  repeatToJob: number[]
  repeatToSubmit: number[]
  repeatSubmitNetwork: number[]
}

interface PanelRuns {
  total: number[]
  baseline: number[]
  leadIn: number[]
  download: number[]
  /** First download's start to last download's end, in the plugin's own run (downloads overlap). */
  downloadSpan: number[]
  /** The same files fetched together from the page, nothing else: the transfer no placement can skip. */
  fetchAlone: number[]
  /** Last download's end → last panel filled: what placing adds after the transfer is over. */
  afterLastDownload: number[]
  /** That tail's split: time inside it spent in each step (from the in-memory Figma's trace and the page's clocks). */
  tail: Map<string, number[]>
  /** The same bytes as one result posted from the UI frame to the page, nothing else: the channel's own copy. */
  channelProbe: number[]
  prepare: number[]
  place: number[]
  decode: number[]
  reencode: number[]
  bytes: number
}

class Bench {
  private network: Timed[] = []

  constructor(
    private readonly page: Page,
    private readonly url: string
  ) {
    page.on('requestfinished', (request) => void this.note(request))
  }

  private async note(request: Request): Promise<void> {
    const timing = request.timing()
    const headers = await request.allHeaders()
    const target = headers['x-fal-target-url'] ?? ''
    const fileUrl = target.includes('/storage/upload/initiate') ? ((await (await request.response())?.json()) as { file_url?: string } | undefined)?.file_url : undefined
    this.network.push({
      ...(fileUrl !== undefined && { fileUrl }),
      method: request.method(),
      url: request.url(),
      target,
      start: timing.startTime,
      end: timing.startTime + timing.responseEnd,
      headers,
      body: request.method() === 'GET' ? null : request.postDataBuffer()
    })
  }

  private get ui(): FrameLocator {
    return this.page.frameLocator('iframe[title="Plugin UI"]')
  }

  private frame: Frame | undefined

  /** The plugin's UI frame (the sandbox realm is a frame too, so found by its title). */
  private uiFrame(): Frame {
    if (!this.frame) throw new Error('The plugin UI frame is not open')
    return this.frame
  }

  /** RPC requests (UI → main) seen by the page as they arrive, and answers (main → UI) as the UI gets them; clicks in the UI. */
  async listen(): Promise<void> {
    this.frame = (await (await this.page.$('iframe[title="Plugin UI"]'))?.contentFrame()) ?? undefined
    await this.page.evaluate(() => {
      window.__bench = { requests: [], responses: [], clicks: [] }
      // Capture at the window: runs before the playground hands the message to the main thread.
      window.addEventListener(
        'message',
        (event) => {
          const m = (event.data as { pluginMessage?: unknown } | null)?.pluginMessage
          if (!Array.isArray(m) || m[0] !== 'RPC_REQUEST') return
          const args = m[3] as { jobId?: string } | undefined
          window.__bench!.requests.push({ id: String(m[1]), method: String(m[2]), jobId: args?.jobId, t: performance.timeOrigin + performance.now() })
        },
        true
      )
    })
    await this.uiFrame().evaluate(() => {
      window.__bench = { requests: [], responses: [], clicks: [] }
      window.addEventListener(
        'message',
        (event) => {
          const m = (event.data as { pluginMessage?: unknown } | null)?.pluginMessage
          if (Array.isArray(m) && m[0] === 'RPC_RESPONSE') window.__bench!.responses.push({ id: String(m[1]), t: performance.timeOrigin + performance.now() })
        },
        true
      )
      document.addEventListener('click', (event) => window.__bench!.clicks.push(performance.timeOrigin + event.timeStamp), true)
    })
  }

  private async rpc(): Promise<{ requests: RpcRequest[]; responses: Map<string, number>; clicks: number[] }> {
    const requests = await this.page.evaluate(() => window.__bench!.requests)
    const { responses, clicks } = await this.uiFrame().evaluate(() => ({ responses: window.__bench!.responses, clicks: window.__bench!.clicks }))
    return { requests, responses: new Map(responses.map((r) => [r.id, r.t])), clicks }
  }

  private async offlineRequests(): Promise<OfflineRequest[]> {
    return offlineRequests(this.url)
  }

  private async setPrompt(text: string): Promise<void> {
    await this.ui.getByRole('textbox', { name: 'Prompt' }).fill(text)
  }

  private async choose(group: string, option: string): Promise<void> {
    await this.ui.getByRole('radiogroup', { name: group, exact: true }).getByText(option, { exact: true }).click()
  }

  private async setCount(count: number): Promise<void> {
    const box = this.ui.getByRole('textbox', { name: 'Count' })
    await box.fill(String(count))
    await box.press('Tab')
  }

  /** Clicks Generate and waits for the job to end (finishJob answered); returns its times. */
  private async generate(): Promise<{ clickAt: number; jobId: string; request: OfflineRequest; calls: { method: string; start: number; end: number }[]; host: Record<string, number> }> {
    await this.page.evaluate(() => performance.clearMeasures())
    const before = await this.rpc()
    const known = new Set((await this.offlineRequests()).map((r) => r.request_id))
    const button = this.ui.getByRole('button', { name: 'Generate', exact: true })
    await waitFor(() => button.isEnabled(), 'Generate to be enabled')
    await button.click()
    let jobId = ''
    await waitFor(async () => {
      const { requests, responses } = await this.rpc()
      const started = requests.slice(before.requests.length).find((r) => r.method === 'startJob')
      jobId = started?.jobId ?? ''
      const finish = requests.slice(before.requests.length).find((r) => r.method === 'finishJob' && r.jobId === jobId)
      return finish !== undefined && responses.has(finish.id)
    }, 'the job to finish', async () => {
      // What the plugin did since the click, and every job card (the list's order is not the jobs' order).
      const { requests } = await this.rpc()
      const methods = requests.slice(before.requests.length).map((r) => `${r.method}${r.jobId ? `(${r.jobId.slice(0, 8)})` : ''}`)
      const cards = await this.ui.getByRole('listitem', { name: /^Job: / }).allTextContents()
      return `job ${jobId.slice(0, 8) || 'not started'}; main-thread calls: ${methods.join(', ')}; cards: ${cards.join(' | ')}`
    })
    const after = await this.rpc()
    const clickAt = after.clicks.slice(before.clicks.length).at(-1)
    if (clickAt === undefined) throw new Error('The Generate click was not seen in the UI')
    const request = (await this.offlineRequests()).find((r) => !known.has(r.request_id))
    if (!request) throw new Error('The offline service received no submit')
    const errors = await this.page.evaluate(() => window.playground.errors())
    if (errors.length > 0) throw new Error(`The plugin's main thread failed: ${errors.join('; ')}`)
    // Main-thread calls since the click (arrival at the page → answer in the UI) and the in-memory Figma's export steps.
    const calls = after.requests.slice(before.requests.length).map((r) => ({ method: r.method, start: r.t, end: after.responses.get(r.id) ?? NaN }))
    // Only the references' exports (JPG) started after the click: the selection's PNG thumbnails are exported before it.
    const host = await this.page.evaluate((since) => {
      const sums: Record<string, number> = { decoded: 0 }
      for (const m of performance.getEntriesByType('measure') as PerformanceMeasure[]) {
        const detail = m.detail as { format?: string; decoded?: number } | null
        if (!m.name.startsWith('host-export:') || detail?.format !== 'JPG' || performance.timeOrigin + m.startTime < since) continue
        sums[m.name.slice(12)] = (sums[m.name.slice(12)] ?? 0) + m.duration
        sums.decoded! += detail.decoded ?? 0
      }
      return sums
    }, clickAt)
    return { clickAt, jobId, request, calls, host }
  }

  async clickToSubmitted(): Promise<ClickRuns> {
    const runs: ClickRuns = {
      first: [], repeat: [], rawUpload: [], rawSubmit: [], uploadNetwork: [], submitNetwork: [], referenceBytes: 0,
      beforeExport: [], exportSpan: [], exportSum: [], decode: [], decoded: [], draw: [], encode: [], uploadTail: [], jobRecord: [], toSubmit: [],
      repeatExportSpan: [], repeatBeforeExport: [], repeatJobRecord: [], repeatToJob: [], repeatToSubmit: [], repeatSubmitNetwork: []
    }
    await this.choose('Output', 'Single')
    await this.choose('Resolution', '2K')
    for (let run = 0; run < RUNS; run++) {
      // New frames each run, so the first generation never finds them uploaded already.
      await this.page.evaluate((doc) => window.playground.load(doc), await stills(run))
      const names = [1, 2, 3, 4].map((i) => `Still ${i}`)
      await this.page.evaluate((n) => window.playground.select(n), names)
      await this.setPrompt('@Still 1 walks through @Still 2 towards @Still 3 under the sky of @Still 4')
      this.network = []
      const first = await this.generate()
      const submitted = Date.parse(first.request.received_at)
      runs.first.push(submitted - first.clickAt)
      const uploads = this.network.filter((n) => n.start >= first.clickAt && n.start <= submitted && (n.method === 'PUT' || n.target.includes('/storage/upload/initiate')))
      const puts = uploads.filter((n) => n.method === 'PUT')
      if (puts.length !== 4) throw new Error(`Expected 4 reference uploads, saw ${puts.length}`)
      runs.uploadNetwork.push(uploads.reduce((sum, n) => sum + (n.end - n.start), 0))
      const submit = this.network.find((n) => n.method === 'POST' && n.start >= first.clickAt && n.target.includes('queue.fal.run'))
      if (!submit) throw new Error('The submit request was not seen')
      runs.submitNetwork.push(submitted - submit.start)
      const exports = first.calls.filter((c) => c.method === 'referenceForUpload')
      const startJob = first.calls.find((c) => c.method === 'startJob')
      if (exports.length !== 4 || !startJob) throw new Error(`Expected 4 exports and a startJob, saw ${first.calls.map((c) => c.method).join(', ')}`)
      const lastExport = Math.max(...exports.map((c) => c.end))
      runs.beforeExport.push(exports[0]!.start - first.clickAt)
      runs.exportSpan.push(lastExport - exports[0]!.start)
      runs.exportSum.push(exports.reduce((sum, c) => sum + (c.end - c.start), 0))
      runs.decode.push(first.host.decode ?? 0)
      runs.decoded.push(first.host.decoded ?? 0)
      runs.draw.push(first.host.draw ?? 0)
      runs.encode.push(first.host.encode ?? 0)
      runs.uploadTail.push(Math.max(...puts.map((n) => n.end)) - lastExport)
      runs.jobRecord.push(startJob.end - startJob.start)
      runs.toSubmit.push(submit.start - startJob.end)

      await sleep(1600) // past the double-click guard (REPEAT_WINDOW_MS), so the same request is a deliberate repeat
      this.network = []
      const repeat = await this.generate()
      if (this.network.some((n) => n.method === 'PUT')) throw new Error('The repeat uploaded again')
      runs.repeat.push(Date.parse(repeat.request.received_at) - repeat.clickAt)
      const again = repeat.calls.filter((c) => c.method === 'referenceForUpload')
      const againJob = repeat.calls.find((c) => c.method === 'startJob')
      if (again.length > 0) {
        runs.repeatBeforeExport.push(again[0]!.start - repeat.clickAt)
        runs.repeatExportSpan.push(Math.max(...again.map((c) => c.end)) - again[0]!.start)
      }
      if (againJob) runs.repeatJobRecord.push(againJob.end - againJob.start)
      const againSubmit = this.network.find((n) => n.method === 'POST' && n.start >= repeat.clickAt && n.target.includes('queue.fal.run'))
      if (again.length > 0 && againJob && againSubmit) {
        runs.repeatToJob.push(againJob.start - Math.max(...again.map((c) => c.end)))
        runs.repeatToSubmit.push(againSubmit.start - againJob.end)
        runs.repeatSubmitNetwork.push(Date.parse(repeat.request.received_at) - againSubmit.start)
      }

      const raw = await this.rawUpload(uploads)
      runs.rawUpload.push(raw.ms)
      runs.referenceBytes = raw.bytes
      runs.rawSubmit.push(await this.rawSubmit(submit))
    }
    return runs
  }

  /** The same initiate calls and the same bytes (read back from where they were uploaded), sent one after another as the plugin does, with nothing else. */
  private async rawUpload(uploads: Timed[]): Promise<{ ms: number; bytes: number }> {
    const initiates = uploads.filter((n) => n.method === 'POST')
    const calls = initiates.map((n) => {
      if (!n.fileUrl) throw new Error('An upload initiate had no file_url')
      return { url: n.url, headers: replayable(n.headers), initiate: n.body!.toString('utf8'), fileUrl: n.fileUrl }
    })
    return this.uiFrame().evaluate(async (list) => {
      const blobs = await Promise.all(list.map(async (c) => await (await fetch(c.fileUrl, { cache: 'no-store' })).blob()))
      const started = performance.now()
      for (const [i, c] of list.entries()) {
        const answer = (await (await fetch(c.url, { method: 'POST', headers: c.headers, body: c.initiate })).json()) as { upload_url: string }
        const put = await fetch(answer.upload_url, { method: 'PUT', headers: { 'content-type': blobs[i]!.type }, body: blobs[i] })
        if (!put.ok) throw new Error(`raw upload answered ${put.status}`)
      }
      return { ms: performance.now() - started, bytes: blobs.reduce((sum, b) => sum + b.size, 0) }
    }, calls)
  }

  /** The same submit body, under a new job id, posted with nothing else; timed until the service had it. */
  private async rawSubmit(submit: Timed): Promise<number> {
    const known = new Set((await this.offlineRequests()).map((r) => r.request_id))
    const headers = { ...replayable(submit.headers), 'x-keyframe-job': crypto.randomUUID() }
    const started = await this.uiFrame().evaluate(
      async (c) => {
        const t = performance.timeOrigin + performance.now()
        const answer = await fetch(c.url, { method: 'POST', headers: c.headers, body: c.body })
        if (!answer.ok) throw new Error(`raw submit answered ${answer.status}: ${await answer.text()}`)
        return t
      },
      { url: submit.url, headers, body: submit.body!.toString('utf8') }
    )
    const request = (await this.offlineRequests()).find((r) => !known.has(r.request_id))
    if (!request) throw new Error('The raw submit did not arrive')
    return Date.parse(request.received_at) - started
  }

  /** One result's bytes posted from the UI frame to the page as the plugin posts them, timed to their arrival; median of 3. */
  private async channelProbe(url: string): Promise<number> {
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      // A string, so the bundler's name helper (absent in the page) is not wrapped around the listener.
      await this.page.evaluate(`window.__probe = new Promise((resolve) => {
        window.addEventListener('message', function probe(event) {
          const m = event.data && event.data.benchProbe
          if (!Array.isArray(m)) return
          window.removeEventListener('message', probe, true)
          resolve(performance.timeOrigin + performance.now() - m[0])
        }, true)
      }); undefined`) // not the promise itself, which evaluate would wait for
      await this.uiFrame().evaluate(async (u) => {
        const bytes = new Uint8Array(await (await fetch(u)).arrayBuffer())
        // Not a pluginMessage, so the playground does not hand it to the plugin; the same shape and bytes otherwise.
        parent.postMessage({ benchProbe: [performance.timeOrigin + performance.now(), { bytes }] }, '*')
      }, url)
      times.push(await this.page.evaluate(() => (window as unknown as { __probe: Promise<number> }).__probe))
    }
    return median(times)
  }

  async modelDoneToLastPanel(output: 'series' | 'variations', count: number, resolution: '2K' | '4K'): Promise<PanelRuns> {
    const runs: PanelRuns = { total: [], baseline: [], leadIn: [], download: [], downloadSpan: [], fetchAlone: [], afterLastDownload: [], tail: new Map(), channelProbe: [], prepare: [], place: [], decode: [], reencode: [], bytes: 0 }
    await this.choose('Output', output === 'series' ? 'Series' : 'Variations')
    await this.setCount(count)
    await this.choose('Resolution', resolution)
    for (let run = 0; run < RUNS; run++) {
      // Each run starts on an empty page with nothing selected (the click runs' stills go, and the plugin is
      // told), so every run places its panels into the same document.
      await this.page.evaluate((doc) => window.playground.load(doc), { children: [] } as DocumentJson)
      await this.page.evaluate(() => window.playground.select([]))
      await this.setPrompt(output === 'series' ? nineBeats(run) : `A lighthouse in a storm, one warm window, take ${run + 1}`)
      await this.uiFrame().evaluate(() => performance.clearResourceTimings())
      const before = await this.rpc()
      await this.page.evaluate(() => window.playground.trace(true))
      const job = await this.generate()
      const spans = await this.page.evaluate(() => window.playground.traceSpans())
      await this.page.evaluate(() => window.playground.trace(false))
      const { requests, responses } = await this.rpc()
      const fills = requests.slice(before.requests.length).filter((r) => r.method === 'fillPanel' && r.jobId === job.jobId)
      if (fills.length !== count) throw new Error(`Expected ${count} panels filled, saw ${fills.length}`)
      const done = Date.parse(job.request.completed_at ?? '')
      if (!Number.isFinite(done)) throw new Error('The offline service did not say when the job completed')
      const filledAt = fills.map((f) => responses.get(f.id)!)
      runs.total.push(Math.max(...filledAt) - done)

      const downloads = await this.uiFrame().evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/__offline/files/'))
          .map((e) => ({ url: e.name, start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + (e as PerformanceResourceTiming).responseEnd }))
      )
      if (downloads.length !== count) throw new Error(`Expected ${count} downloads, saw ${downloads.length}`)
      runs.leadIn.push(downloads[0]!.start - done)
      runs.download.push(sum(downloads.map((d) => d.end - d.start)))
      runs.afterLastDownload.push(Math.max(...filledAt) - Math.max(...downloads.map((d) => d.end)))
      const tail = { start: Math.max(...downloads.map((d) => d.end)), end: Math.max(...filledAt) }
      for (const [step, ms] of tailSplit(tail, spans, fills, responses)) runs.tail.set(step, [...(runs.tail.get(step) ?? []), ms])
      runs.downloadSpan.push(Math.max(...downloads.map((d) => d.end)) - Math.min(...downloads.map((d) => d.start)))
      // Download finished → the fillPanel message reached the main thread: decode, re-encode, copy and post.
      runs.prepare.push(sum(fills.map((f, i) => f.t - downloads[i]!.end)))
      // Arrived → answered: the main thread's placement (createImage, fills, layout) and the answer's hop.
      runs.place.push(sum(fills.map((f, i) => filledAt[i]! - f.t)))

      const bare = await this.uiFrame().evaluate(bareFetchAndDecode, { urls: downloads.map((d) => d.url), reencode: resolution === '4K' })
      runs.baseline.push(bare.total)
      runs.decode.push(bare.decode)
      runs.reencode.push(bare.reencode)
      runs.bytes = bare.bytes
      runs.fetchAlone.push(await this.uiFrame().evaluate(fetchAlone, downloads.map((d) => d.url)))
      runs.channelProbe.push(await this.channelProbe(downloads[0]!.url))
    }
    return runs
  }
}

interface Span {
  name: string
  detail?: string
  start: number
  end: number
}

/**
 * Where the time between the last download's end and the last panel filled went: each step's time inside
 * that window (steps nest: the hash is part of createImage, which is part of the main handler; the
 * playground's redraw runs between messages). Message hops are matched by RPC id.
 */
function tailSplit(tail: { start: number; end: number }, spans: Span[], fills: RpcRequest[], responses: Map<string, number>): Map<string, number> {
  const steps = new Map<string, [number, number][]>()
  const add = (step: string, start: number, end: number) => steps.set(step, [...(steps.get(step) ?? []), [start, end]])
  const byName = (name: string, detail?: string) => spans.filter((s) => s.name === name && (detail === undefined || s.detail === detail))
  for (const f of fills) {
    const request = `RPC_REQUEST:${f.id}`
    const cloned = byName('clone from UI', request)[0]
    const handed = byName('page hands over', request)[0]
    const received = byName('main receives', request)[0]
    const answered = byName('clone to UI', `RPC_RESPONSE:${f.id}`)[0]
    const atUi = responses.get(f.id)
    if (!handed || !received || !answered || atUi === undefined) continue
    add("page → main: the stand-in's second clone", cloned?.start ?? 0, cloned?.end ?? 0)
    add('page → main: waiting for the task', handed.start, received.start)
    add('main: fillPanel received → answered (with any wait behind earlier panels)', received.start, answered.start)
    add('answer → UI', answered.start, atUi)
  }
  for (const name of ['createImage', 'createImage: hash', 'set fills', 'setPluginData', 'playground: redraw', 'playground: snapshot and compare']) {
    for (const s of byName(name)) add(name, s.start, s.end)
  }
  // Each step's time inside the tail, overlaps within a step counted once (panels may be in flight together).
  return new Map([...steps].map(([step, intervals]) => [step, unionWithin(intervals, tail)]))
}

function unionWithin(intervals: [number, number][], window: { start: number; end: number }): number {
  const clipped = intervals.map(([a, b]): [number, number] => [Math.max(a, window.start), Math.min(b, window.end)]).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])
  let total = 0
  let reach = -Infinity
  for (const [a, b] of clipped) {
    if (b <= reach) continue
    total += b - Math.max(a, reach)
    reach = b
  }
  return total
}

/**
 * Runs in the plugin's UI frame: fetch each file (not from cache), decode it, and (4K) draw it within
 * 4096 px and encode it as JPEG, one after another, as the least any plugin placing them must do.
 */
async function bareFetchAndDecode({ urls, reencode }: { urls: string[]; reencode: boolean }) {
  let decode = 0
  let reencodeMs = 0
  let bytes = 0
  const started = performance.now()
  for (const url of urls) {
    const data = await (await fetch(url, { cache: 'no-store' })).arrayBuffer()
    bytes += data.byteLength
    const t0 = performance.now()
    const bitmap = await createImageBitmap(new Blob([data]))
    const t1 = performance.now()
    decode += t1 - t0
    if (reencode) {
      const scale = Math.min(1, 4096 / Math.max(bitmap.width, bitmap.height))
      const canvas = document.createElement('canvas')
      canvas.width = Math.round(bitmap.width * scale)
      canvas.height = Math.round(bitmap.height * scale)
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
      await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92))
      reencodeMs += performance.now() - t1
    }
    bitmap.close()
  }
  return { total: performance.now() - started, decode, reencode: reencodeMs, bytes }
}

/** Runs in the plugin's UI frame: the same files fetched together (not from cache), bytes read, nothing else. */
async function fetchAlone(urls: string[]): Promise<number> {
  const started = performance.now()
  await Promise.all(urls.map(async (url) => (await fetch(url, { cache: 'no-store' })).arrayBuffer()))
  return performance.now() - started
}

/** Headers a page may set again on a fetch of its own (the browser adds the rest). */
function replayable(headers: Record<string, string>): Record<string, string> {
  const keep = ['content-type', 'authorization', 'x-fal-target-url', 'x-keyframe-job', 'x-keyframe-token']
  return Object.fromEntries(Object.entries(headers).filter(([name]) => keep.includes(name) || name.startsWith('x-fal') || name.startsWith('x-keyframe')))
}

interface Premade {
  source: ResultImageSource
  bytes2k: number
  bytes4k: number
}

/** Photographic PNGs made before the clock starts: nine at 2K (16:9), four over 4096 px for 4K. */
async function premadeResults(): Promise<Premade> {
  const twoK = await Promise.all([...Array(9).keys()].map(async (i) => Buffer.from(await photoPng(2048, 1152, i + 1), 'base64')))
  const fourK = await Promise.all([...Array(4).keys()].map(async (i) => Buffer.from(await photoPng(FOUR_K.width, FOUR_K.height, i + 11), 'base64')))
  const source: ResultImageSource = async ({ width, height, index }) => {
    if (width >= 4096 || height >= 4096) return { bytes: fourK[index % fourK.length]!, ...FOUR_K, contentType: 'image/png' }
    if (width === 2048 && height === 1152) return { bytes: twoK[index % twoK.length]!, width, height, contentType: 'image/png' }
    // Any other size the bench does not time (e.g. the click runs' single image): made to measure.
    const bytes = await sharp(twoK[index % twoK.length]!).resize(width, height).png().toBuffer()
    return { bytes, width, height, contentType: 'image/png' }
  }
  return { source, bytes2k: median(twoK.map((b) => b.byteLength)), bytes4k: median(fourK.map((b) => b.byteLength)) }
}

/** Four 1920×1080 photographic frames, different each run. */
async function stills(run: number): Promise<DocumentJson> {
  const frames = await Promise.all([1, 2, 3, 4].map((i) => photoPng(1920, 1080, run * 4 + i)))
  return {
    children: frames.map((image, i) => ({
      type: 'FRAME' as const,
      id: `9:${i + 1}`,
      name: `Still ${i + 1}`,
      x: i * 2000,
      y: 0,
      width: 1920,
      height: 1080,
      fills: [{ type: 'IMAGE' as const, image }]
    }))
  }
}

function figures(click: ClickRuns | undefined, series: PanelRuns, variations: PanelRuns, images: Premade): Figure[] {
  const ms = (values: number[]) => round(median(values))
  const max = (values: number[]) => round(Math.max(...values))
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1)
  const where = `playground in Chromium, built plugin, offline proxy; median of ${RUNS}`
  const panels = (runs: PanelRuns, what: string) =>
    `max ${max(runs.total)} ms. Median breakdown: model done → first download ${ms(runs.leadIn)} ms (final status, result call, section check); ` +
    `downloads ${ms(runs.download)} ms summed, ${ms(runs.downloadSpan)} ms first start → last end (they overlap); the same files fetched together with nothing else ${ms(runs.fetchAlone)} ms; last download → last panel filled ${ms(runs.afterLastDownload)} ms. ` +
    `Summed per panel (overlapping, so more than their share of the total): download end → at the main thread (decode${what}, post, waiting behind earlier panels) ${ms(runs.prepare)} ms; placement in the main thread ${ms(runs.place)} ms. ` +
    `Last download → last panel filled, split (ms of it spent in each step, medians; steps nest, the redraw runs between messages): ${[...runs.tail].map(([step, values]) => `${step} ${ms(values)}`).join(', ')}. ` +
    `The stand-in's own share, which Figma does natively: createImage's hash, the playground's snapshot and redraw. ` +
    `One result's bytes posted UI → page with nothing else (the browser's copy, per panel): ${ms(runs.channelProbe)} ms. ` +
    `The bare baseline's own split: decode ${ms(runs.decode)} ms${runs.reencode.some((r) => r > 0) ? `, re-encode ${ms(runs.reencode)} ms` : ''} (${mb(runs.bytes)} MB in all).`
  return [
    ...(click ? clickFigures(click, where, ms, max, mb) : []),
    {
      id: 'overhead-model-done-to-last-panel-series-9-2k',
      table: 'overhead',
      name: `Model done → last panel filled, O3 series of 9 at 2K (${mb(images.bytes2k)} MB photographic PNGs; ${where})`,
      unit: 'ms',
      measured: ms(series.total),
      baseline: { name: 'fetching and decoding the same 9 files in the same frame, nothing else', value: ms(series.baseline) },
      goal: { atMost: 400 },
      note: panels(series, '')
    },
    {
      id: 'overhead-model-done-to-last-panel-variations-4-4k',
      table: 'overhead',
      name: `Model done → last panel filled, 4 variations at 4K (${FOUR_K.width}×${FOUR_K.height} PNGs of ${mb(images.bytes4k)} MB, re-encoded within 4096 px; ${where})`,
      unit: 'ms',
      measured: ms(variations.total),
      baseline: { name: 'fetching, decoding and re-encoding the same 4 files in the same frame, nothing else', value: ms(variations.baseline) },
      // What Keyframe adds over the work no plugin can skip: at most half again.
      goal: { atMost: round(median(variations.baseline) * 1.5) },
      note: panels(variations, ', re-encode')
    }
  ]
}

function clickFigures(click: ClickRuns, where: string, ms: (v: number[]) => number, max: (v: number[]) => number, mb: (b: number) => string): Figure[] {
  return [
    {
      id: 'overhead-click-to-submitted-first',
      table: 'overhead',
      name: `Click Generate → fal has the submit, 4 references at 2K, first time (export + upload; ${where})`,
      unit: 'ms',
      measured: ms(click.first),
      baseline: { name: `the same ${mb(click.referenceBytes)} MB uploaded raw from the page (initiate + PUT, no plugin)`, value: ms(click.rawUpload) },
      goal: { atMost: 600 },
      note:
        `max ${max(click.first)} ms. Median breakdown, in order along the path: click → first export asked ${ms(click.beforeExport)} ms; ` +
        `the 4 exports (asked together, run one at a time by the main thread) ${ms(click.exportSpan)} ms (each asked → bytes in the UI, summed: ${ms(click.exportSum)} ms; of which the in-memory Figma's stand-in rasterizer, summed: ` +
        `image decode ${ms(click.decode)} ms (${ms(click.decoded)} of the 4 images decoded here; the rest were decoded, or are still being decoded, for the selection's thumbnails, as Figma's renderer has a file's images decoded), draw ${ms(click.draw)} ms, JPEG encode ${ms(click.encode)} ms; the rest is transfer main → UI and the plugin's own export code); ` +
        `hashing and uploading overlap the next export, and after the last export the last reference's sha256, cache lookup and upload take ${ms(click.uploadTail)} ms; ` +
        `upload requests (initiate + PUT, summed over the 4) ${ms(click.uploadNetwork)} ms; recording the job (startJob) ${ms(click.jobRecord)} ms; job recorded → submit sent ${ms(click.toSubmit)} ms; ` +
        `the submit request until fal had it ${ms(click.submitNetwork)} ms.`
    },
    {
      id: 'overhead-click-to-submitted-repeat',
      table: 'overhead',
      name: `Click Generate → fal has the submit, the same 4 references again (uploads cached; ${where})`,
      unit: 'ms',
      measured: ms(click.repeat),
      baseline: { name: 'the same submit posted raw from the page', value: ms(click.rawSubmit) },
      goal: { atMost: 100 },
      note:
        `max ${max(click.repeat)} ms; the frames are unchanged since the first run, so the main thread answers them from its last export (kept until the page's nodechange says otherwise), by the export's id and without its bytes, since the UI says it holds that export's upload. ` +
        `Median breakdown: click → first export asked ${ms(click.repeatBeforeExport)} ms, the 4 kept exports answered by id ${ms(click.repeatExportSpan)} ms, last answer → job recording asked (composing) ${ms(click.repeatToJob)} ms, recording the job (startJob) ${ms(click.repeatJobRecord)} ms, job recorded → submit sent ${ms(click.repeatToSubmit)} ms, the submit request until fal had it ${ms(click.repeatSubmitNetwork)} ms.`
    },
  ]
}

function nineBeats(run: number): string {
  const beats = ['ferry docks', 'rain on the pier', 'market lights', 'a stranger', 'the chase', 'dead end', 'she turns', 'his face', 'dawn']
  return `Noir graphic novel style, take ${run + 1}. ${beats.map((b, i) => `Panel ${i + 1}: ${b}.`).join(' ')}`
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits for a condition (never used to time anything: the times come from the page and the service). */
async function waitFor(check: () => Promise<boolean>, what: string, state?: () => Promise<string | null>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${state ? ` (${await state().catch(() => '?')})` : ''}`)
    await sleep(25)
  }
}
