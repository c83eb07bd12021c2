// Jobs that add versions to one panel (Regenerate, Variations, an edited prompt). They make no section:
// the record lives on the panel (plugin data `keyframe.job`, its `sectionId` naming the panel), each image
// arrives as a new version, and nothing already on the panel (older versions, caption, edited text) is
// painted over, not even when the job fails.
import type { JobPlan, JobRecord, PanelImage } from '../messages'
import { isUnfinished, readJob, saveJob } from './jobs'
import { isPanel, PANEL_RELAUNCH } from './keyframe-nodes'
import { addVersion, checkRoomForVersions } from './panel-versions'
import { buildProvenance } from './provenance'
import { refitPanel } from './storyboard'

/** The panel a versions job names, refused when it is gone or a job of its own is still running. */
export async function panelForVersions(panelId: string): Promise<FrameNode> {
  const node = await figma.getNodeByIdAsync(panelId)
  if (!node || !isPanel(node)) {
    throw new Error('The panel to regenerate is no longer in the file (deleted, or no longer a Keyframe panel). Select a panel and try again.')
  }
  const running = readJob(node)
  if (running && running.sectionId === node.id && isUnfinished(running)) {
    throw new Error(`"${node.name}" is still being regenerated. Wait for that to finish (or cancel it) before starting another.`)
  }
  return node
}

/** Records the job on its panel; returns the panel's id, which the job's calls name from now on. */
export async function startVersionsJob(plan: JobPlan & { target: { kind: 'versions'; panelId: string } }, startedBy: JobRecord['startedBy']): Promise<string> {
  const panel = await panelForVersions(plan.target.panelId)
  checkRoomForVersions(panel, plan)
  saveJob(panel, { ...plan, state: 'submitting', sectionId: panel.id, filled: [], startedBy })
  return panel.id
}

/**
 * Adds one of the job's images as a new version: the first to arrive is shown, the others wait behind it.
 * An image already added (a reopened plugin placing the same result again) is not added twice.
 */
export async function fillVersion(panel: FrameNode, job: JobRecord, image: PanelImage): Promise<void> {
  // Read again here, with nothing awaited from this check to the write: two fills arriving together
  // each see the other's image.
  const filled = readJob(panel)?.filled ?? job.filled
  if (filled.includes(image.number)) return
  const provenance = buildProvenance(job, image, new Date())
  // Saved with the version, before anything is awaited: a plugin stopped in between would place it again.
  const placed = () => {
    saveJob(panel, { ...job, filled: [...filled, image.number] })
    panel.setRelaunchData(PANEL_RELAUNCH)
  }
  await addVersion(panel, image, provenance, filled.length === 0, placed)
  // A panel made waiting for this job (a look's on its contact sheet, a format's in its row) no longer waits:
  // its first image replaces the waiting line.
  panel.children.find((c) => c.type === 'TEXT' && c.name === 'Status')?.remove()
  await refitPanel(panel, job.nominalSize)
}
