// A cast member the prompt mentions, as a reference the panel lists and the job exports: the frame itself
// (its frontal image) and its angle frames, each checked against Kling's rules as a selected frame is.
import type { CastReference, ReferenceSummary } from '../messages'
import { angleFrames, findCastMember } from './cast-index'
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
    const angles = angleFrames(node)
    for (const angle of angles) {
      // An angle Kling would refuse is the member's problem, named by its frame.
      const checked = await summarise(angle, `"${angle.name}" of ${node.name.trim()}`)
      summary.problems.push(...checked.problems)
    }
    const extraFills = imageFills(node) - 1
    if (extraFills > 0) {
      // Angles are read from child frames only: a second image fill is not sent (Figma draws it over the first).
      ;(summary.warnings ??= []).push({
        message: `${summary.name} has ${extraFills} more image fill${extraFills === 1 ? '' : 's'}, which Keyframe does not send as angles.`,
        fix: `Put each angle in a child frame named "angle 1", "angle 2"… beside ${summary.name}.`
      })
    }
    out.push({ ...summary, fromCast: true, angles: angles.map((a) => ({ id: a.id, name: a.name })) })
  }
  return out
}

async function summarise(node: SceneNode, label = node.name): Promise<ReferenceSummary> {
  const box = boundsOf(node)
  const pixels = await checkReferencePixels(node, box)
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

function imageFills(node: SceneNode): number {
  if (!('fills' in node) || !Array.isArray(node.fills)) return 0
  return (node.fills as readonly Paint[]).filter((p) => p.type === 'IMAGE' && p.visible !== false).length
}
