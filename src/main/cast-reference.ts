// A cast member the prompt mentions, as a reference the panel lists and the job exports: the frame itself
// (its frontal image) and its angles (child frames, then image fills), each checked against Kling's rules as
// a selected frame is.
import type { CastReference, ReferenceSummary } from '../messages'
import { angleFrames, castAngles, findCastMember } from './cast-index'
import { fillProblems, picturesFromFills } from './fill-angles'
import { checkReferencePixels } from './reference-pixels'
import { boundsOf } from './selection'

/** The cast members found for these names (as written after `@`); a name not in the cast is left out. */
export async function castReferences(names: readonly string[]): Promise<CastReference[]> {
  const out: CastReference[] = []
  for (const name of names) {
    const found = await findCastMember(name)
    if (!found) continue
    const { node } = found
    const summary = await summarise(node)
    const frames = angleFrames(node)
    for (const angle of frames) {
      // An angle Kling would refuse is the member's problem, named by its frame.
      const checked = await summarise(angle, `"${angle.name}" of ${node.name.trim()}`)
      summary.problems.push(...checked.problems)
    }
    // Face and angles read from its image fills: each fill's own size is what is sent.
    summary.problems.push(...(await fillProblems(node)))
    out.push({ ...summary, fromCast: true, angles: castAngles(node) })
  }
  return out
}

async function summarise(node: SceneNode, label = node.name): Promise<ReferenceSummary> {
  const box = boundsOf(node)
  // A face read from an image fill is checked as that fill (fillProblems), not as the frame's export.
  const pixels = picturesFromFills(node) ? { problems: [], warnings: [] } : await checkReferencePixels(node, box)
  const problems: ReferenceSummary['problems'] = pixels.problems.map((p) => ({ ...p, message: p.message.replace(`"${node.name}"`, label.startsWith('"') ? label : `"${label}"`) }))
  if (!node.visible) problems.push({ reason: 'hidden', message: `${label.startsWith('"') ? label : `"${label}"`} is hidden, so it would export empty.`, fix: `Show it in the file, or drop it from this generation.` })
  return {
    id: node.id,
    name: node.name.trim(),
    type: node.type,
    width: Math.round(box.width),
    height: Math.round(box.height),
    defaultRole: 'element',
    problems,
    warnings: pixels.warnings
  }
}

