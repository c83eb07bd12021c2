// 2. Bytes the plugin sends for four 1920×1080 photographic reference frames: the first generation and
// a repeat with the same frames, against the naive way (export at 2x as PNG, base64 inside the request).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { DocumentJson } from '../src/host/figma'
import { REFERENCE_MAX_SIDE } from '../src/messages'
import { startProxy } from '../src/proxy/server'
import { uploadReferences } from '../src/ui/jobs/upload-references'
import { runBuiltPlugin } from './built-plugin'
import { nodeJobDeps } from './node-job-deps'
import { photoPng } from './photos'

export interface ReferenceBytesResult {
  resolution: string
  naiveBytes: number
  firstBytes: number
  repeatBytes: number
  ratio: number
}

export async function measureReferenceBytes(): Promise<ReferenceBytesResult[]> {
  const frames = await Promise.all([1, 2, 3, 4].map((i) => photoPng(1920, 1080, i)))
  const document: DocumentJson = {
    children: frames.map((image, i) => ({ type: 'FRAME' as const, id: `2:${i + 1}`, name: `Still ${i + 1}`, x: i * 2000, y: 0, width: 1920, height: 1080, fills: [{ type: 'IMAGE' as const, image }] }))
  }
  const refs = frames.map((_, i) => ({ id: `2:${i + 1}`, name: `Still ${i + 1}`, role: 'image' as const }))
  const proxy = await startProxy({ port: 0, offlineLatencyMs: 0, dataDir: mkdtempSync(join(tmpdir(), 'keyframe-bench-')), log: () => {} })
  try {
    const plugin = runBuiltPlugin(document)
    // The naive plugin: every frame at 2x as PNG, base64 in the JSON body.
    let naiveBytes = 0
    for (const ref of refs) {
      const node = (await plugin.host.figma.getNodeByIdAsync(ref.id)) as FrameNode
      const png = await node.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: 2 } })
      naiveBytes += Math.ceil(png.byteLength / 3) * 4
    }
    const results: ReferenceBytesResult[] = []
    for (const resolution of ['1K', '2K'] as const) {
      const deps = nodeJobDeps(proxy.proxyUrl, plugin.main)
      const first = await uploadReferences(deps, refs, REFERENCE_MAX_SIDE[resolution], () => {}, () => false)
      const repeat = await uploadReferences(deps, refs, REFERENCE_MAX_SIDE[resolution], () => {}, () => false)
      results.push({
        resolution,
        naiveBytes,
        firstBytes: first.stats.bytesSent,
        repeatBytes: repeat.stats.bytesSent,
        ratio: Math.round((naiveBytes / first.stats.bytesSent) * 10) / 10
      })
    }
    return results
  } finally {
    await proxy.close()
  }
}
