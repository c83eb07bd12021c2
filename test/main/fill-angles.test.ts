// A cast frame whose angles are image fills: the first visible fill is the face, the next ones its angles,
// each read from its own image (not the frame's export, which would show only the top fill), and each checked
// against Kling's rules under a name the designer can find ("@Theo, image fill 2").
import { describe, expect, test } from 'vitest'

import type { DocumentJson, FrameJson } from '../../src/host/figma'
import { CATALOG } from '../../src/kling/catalog'
import type { CastReference, ExportedReference, HeldReference, SelectionSnapshot } from '../../src/messages'
import { withCast } from '../../src/ui/form/cast-references'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'
import { previewRequest } from '../../src/ui/form/preview'
import { makeImage } from '../host/helpers'
import { firstSelection, runMain } from '../host/run-main'

const RED = { r: 220, g: 0, b: 0 }
const GREEN = { r: 0, g: 180, b: 0 }
const BLUE = { r: 0, g: 0, b: 220 }

type Fill = { color: { r: number; g: number; b: number }; size?: [number, number]; visible?: boolean }

async function fillFrame(id: string, name: string, fills: Fill[], angleFrames = 0): Promise<{ frame: FrameJson; bytes: Uint8Array[] }> {
  const bytes: Uint8Array[] = []
  for (const f of fills) bytes.push(await makeImage(f.size?.[0] ?? 400, f.size?.[1] ?? 500, 'png', f.color))
  const children: FrameJson[] = []
  for (let i = 1; i <= angleFrames; i++) {
    children.push({ type: 'FRAME', id: `${id}-a${i}`, name: `angle ${i}`, x: 0, y: 0, width: 400, height: 500, fills: [{ type: 'IMAGE', image: await makeImage(400, 500, 'png', GREEN) }] })
  }
  const frame: FrameJson = {
    type: 'FRAME', id, name, x: 0, y: 0, width: 400, height: 500, clipsContent: true, children,
    fills: fills.map((f, i) => ({ type: 'IMAGE' as const, image: bytes[i]!, ...(f.visible === false && { visible: false }) }))
  }
  return { frame, bytes }
}

async function open(frame: FrameJson) {
  const document: DocumentJson = { pages: [{ id: 'p1', name: 'Cast', children: [frame] }] }
  const run = await runMain({ document })
  const cast = run.next('CAST_CHANGED')
  run.emit('UI_READY')
  await cast
  const [member] = (await run.call('castReferences', { names: [(frame.name ?? '').replace(/^@/, '')] })) as CastReference[]
  return { run, member: member! }
}

const bytesOf = async (run: Awaited<ReturnType<typeof runMain>>, nodeId: string): Promise<ExportedReference> =>
  (await run.call('referenceForUpload', { nodeId, maxSide: 2048, held: [] })) as ExportedReference

describe('angles as image fills', () => {
  test('three fills: the face is fill 1\'s own bytes, the angles are fills 2 and 3', async () => {
    const { frame, bytes } = await fillFrame('1:1', '@Theo', [{ color: RED }, { color: GREEN }, { color: BLUE }])
    const { run, member } = await open(frame)
    expect(member.problems).toEqual([])
    expect(member.warnings ?? []).toEqual([])
    expect(member.angles).toEqual([{ id: '1:1#fill2', name: 'image fill 2' }, { id: '1:1#fill3', name: 'image fill 3' }])
    const face = await bytesOf(run, '1:1')
    // Exported, the frame would show the top fill (blue): the face is the bottom one, byte for byte.
    expect(face).toMatchObject({ fromImageFill: true, mimeType: 'image/png', width: 400, height: 500, name: '@Theo, image fill 1' })
    expect([...face.bytes]).toEqual([...bytes[0]!])
    expect([...(await bytesOf(run, '1:1#fill2')).bytes]).toEqual([...bytes[1]!])
    expect([...(await bytesOf(run, '1:1#fill3')).bytes]).toEqual([...bytes[2]!])
    // The thumbnail shows the face, as it is sent.
    expect([...(await run.call('exportReference', { nodeId: '1:1', maxSide: 64 })).bytes]).toEqual([...bytes[0]!])
  })

  test('a hidden fill is skipped: it is neither the face nor an angle', async () => {
    const { frame, bytes } = await fillFrame('1:1', '@Theo', [{ color: GREEN, visible: false }, { color: RED }, { color: BLUE }])
    const { run, member } = await open(frame)
    expect(member.angles).toEqual([{ id: '1:1#fill2', name: 'image fill 2' }])
    expect([...(await bytesOf(run, '1:1')).bytes]).toEqual([...bytes[1]!])
    expect([...(await bytesOf(run, '1:1#fill2')).bytes]).toEqual([...bytes[2]!])
  })

  test('a fill too small for Kling is named, with its fix, before anything is sent', async () => {
    const { frame } = await fillFrame('1:1', '@Theo', [{ color: RED }, { color: GREEN, size: [200, 200] }, { color: BLUE, size: [1000, 300] }])
    const { member } = await open(frame)
    expect(member.problems).toEqual([
      {
        reason: 'too-small',
        message: '"@Theo, image fill 2" is 200×200 px; Kling needs at least 300 px on each side.',
        fix: 'Resize "@Theo, image fill 2" to at least 300×300 px, or replace that image fill.'
      },
      expect.objectContaining({ reason: 'aspect', message: expect.stringContaining('"@Theo, image fill 3" is 3.3:1') })
    ])
  })

  test('angle frames and fills together: frames first, then fills; over the limit is said once, naming which to hide', async () => {
    const { frame } = await fillFrame('1:1', '@Theo', [{ color: RED }, { color: GREEN }, { color: BLUE }], 2)
    const { member } = await open(frame)
    expect(member.angles.map((a) => a.id)).toEqual(['1:1-a1', '1:1-a2', '1:1#fill2', '1:1#fill3'])
    // The member's row says nothing of angles; the form's check (the model's limit, elements only) says it.
    expect(member.problems).toEqual([])
    const max = CATALOG.endpoints['fal-ai/kling-image/o3/text-to-image'].maxElementAngles
    const empty: SelectionSnapshot = { version: 1, references: [], textLayers: [], panels: [], storyboards: [], ignored: [] }
    const preview = previewRequest(withCast(empty, new Map([['theo', member]]), ['theo']), new Map(), { ...DEFAULT_SETTINGS, prompt: '@Theo at the gate' })
    const said = [...preview.frameProblems, ...Object.values(preview.errors).flat()]
    expect(said).toEqual([
      {
        field: 'references',
        message: `Cast member @Theo has 4 angles (angle 1, angle 2, image fill 2, image fill 3); Kling takes at most ${max} with an element.`,
        fix: 'Hide or remove image fill 3 in the @Theo frame to send angle 1, angle 2 and image fill 2, or drop @Theo from this generation.'
      }
    ])
  })

  test('a selected @ frame reads its fills the same way; a frame not named @ is exported as drawn', async () => {
    const { frame } = await fillFrame('1:1', '@Theo', [{ color: RED }, { color: GREEN, size: [100, 500] }])
    const { frame: plain } = await fillFrame('1:2', 'Moodboard', [{ color: RED }, { color: GREEN }])
    const snapshot = await firstSelection({ pages: [{ id: 'p1', name: 'Here', children: [frame, { ...plain, x: 500 }] }], selection: ['@Theo', 'Moodboard'] })
    const [theo, mood] = snapshot.references
    expect(theo?.angles).toEqual([{ id: '1:1#fill2', name: 'image fill 2' }])
    expect(theo?.problems.map((p) => p.message)).toEqual(['"@Theo, image fill 2" is 100×500 px; Kling needs at least 300 px on each side.', expect.stringContaining('"@Theo, image fill 2" is 1:5.0')])
    expect(mood?.angles).toBeUndefined()
    expect(mood?.problems).toEqual([])
  })

  test('a fill already uploaded this session is answered without its bytes', async () => {
    const { frame } = await fillFrame('1:1', '@Theo', [{ color: RED }, { color: GREEN }])
    const { run } = await open(frame)
    const first = await bytesOf(run, '1:1#fill2')
    const again = (await run.call('referenceForUpload', { nodeId: '1:1#fill2', maxSide: 2048, held: [first.exportId] })) as HeldReference
    expect(again).toMatchObject({ held: true, byteLength: first.bytes.byteLength, exportId: first.exportId })
    expect('bytes' in again).toBe(false)
    // Another size asked for is another picture to send.
    expect(await run.call('referenceForUpload', { nodeId: '1:1#fill2', maxSide: 1024, held: [first.exportId] })).toHaveProperty('bytes')
  })

  test('a fill gone since the panel listed it is an error naming it, not another picture', async () => {
    const { frame } = await fillFrame('1:1', '@Theo', [{ color: RED }, { color: GREEN }, { color: BLUE }])
    const { run } = await open(frame)
    const theo = (await run.host.figma.getNodeByIdAsync('1:1')) as FrameNode
    theo.fills = (theo.fills as Paint[]).slice(0, 2)
    await expect(bytesOf(run, '1:1#fill3')).rejects.toThrow('@Theo, image fill 3 is gone from the file.')
  })
})
