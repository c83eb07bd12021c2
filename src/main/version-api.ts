// The designer's calls on a panel's versions: show the one before or after, remove the shown one.
import type { MainApiImplementation } from '../rpc'
import { isPanel } from './keyframe-nodes'
import { removeShownVersion, stepVersion } from './panel-versions'

type VersionApi = Pick<MainApiImplementation, 'stepVersion' | 'removeVersion'>

async function panelById(panelId: string): Promise<FrameNode> {
  const node = await figma.getNodeByIdAsync(panelId)
  if (!node || !isPanel(node)) throw new Error('That panel is no longer in the file (deleted, or no longer a Keyframe panel). Select a panel again.')
  return node
}

export function versionApi(): VersionApi {
  return {
    stepVersion: async ({ panelId, step }) => {
      if (step !== -1 && step !== 1) throw new Error(`A version step is -1 (previous) or 1 (next), not ${String(step)}.`)
      await stepVersion(await panelById(panelId), step)
    },
    removeVersion: async ({ panelId }) => {
      await removeShownVersion(await panelById(panelId))
    }
  }
}
