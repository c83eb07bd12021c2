// Relaunch buttons: filled panels offer Regenerate and Variations, storyboard sections Open Keyframe, and
// a run opened from one of them tells the UI which. The in-memory setRelaunchData holds Figma's rules.
import { describe, expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { makeHost, makeImage } from '../host/helpers'
import { runMain } from '../host/run-main'

const plan: JobPlan = {
  jobId: 'a',
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: 'Harbour', resolution: '1K', aspect_ratio: '16:9', num_images: 1 },
  panels: [{ number: 1 }],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.028,
  title: 'Harbour',
  createdAt: '2026-11-26T12:00:00.000Z'
}

describe('relaunch data', () => {
  test('a section offers Open Keyframe; a panel offers Regenerate and Variations once its image is in', async () => {
    const run = await runMain()
    const ref = { jobId: 'a', ...(await run.call('startJob', plan)) }
    const section = (await run.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode
    const panel = section.children.find((c) => c.getPluginData('keyframe.panel') === '1') as FrameNode
    expect(section.getRelaunchData()).toEqual({ open: '' })
    // Nothing to regenerate before there is an image.
    expect(panel.getRelaunchData()).toEqual({})
    await run.call('fillPanel', { ...ref, number: 1, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' })
    expect(Object.keys(panel.getRelaunchData())).toEqual(['regenerate', 'variations'])
  })

  test("the plugin opened from a relaunch button passes figma.command to its UI", async () => {
    const run = await runMain({ command: 'variations' })
    expect(run.host.figma.command).toBe('variations')
    expect(run.host.ui.html ?? '').toContain("const __FIGMA_COMMAND__='variations'")
    expect(run.host.ui.html ?? '').toContain('"command":"variations"')
  })
})

describe("the in-memory setRelaunchData keeps Figma's rules", () => {
  const node = () => {
    const host = makeHost()
    return host.figma.createFrame()
  }
  test('each call replaces the data; {} clears it', () => {
    const frame = node()
    frame.setRelaunchData({ regenerate: 'one', variations: '' })
    frame.setRelaunchData({ open: '' })
    expect(frame.getRelaunchData()).toEqual({ open: '' })
    frame.setRelaunchData({})
    expect(frame.getRelaunchData()).toEqual({})
  })
  test('a command the manifest does not declare, or a description over 1000 characters, throws and changes nothing', () => {
    const frame = node()
    frame.setRelaunchData({ open: 'kept' })
    expect(() => frame.setRelaunchData({ edit: '' })).toThrow('in setRelaunchData: "edit" is not a relaunchButtons command in the manifest (regenerate, variations, open), so Figma would show no button')
    expect(() => frame.setRelaunchData({ open: 'x'.repeat(1001) })).toThrow('in setRelaunchData: The description of "open" is 1001 characters; the limit is 1000')
    expect(() => frame.setRelaunchData({ open: 3 as unknown as string })).toThrow('in setRelaunchData: Expected the description of "open" to be a string')
    expect(frame.getRelaunchData()).toEqual({ open: 'kept' })
  })
  test('a plugin whose manifest declares no relaunchButtons cannot set any', () => {
    const host = makeHost({ relaunchCommands: [] })
    expect(() => host.figma.createFrame().setRelaunchData({})).toThrow('in setRelaunchData: the manifest declares no relaunchButtons')
  })
})
