// "Use as reference" for one selected Keyframe panel: its current image joins the references for the next
// generation. The panel card places this button; a refusal (no image yet) is shown beside it.
import { Button } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { errorMessage } from '../../error-message'
import type { PanelSummary } from '../../messages'
import { styles } from './styles'

export interface UseAsReferenceProps {
  panel: PanelSummary
  /** Rejects with the main thread's reason when the panel cannot be used (it has no image yet). */
  onUse: (panelId: string) => Promise<void>
}

export function UseAsReference({ panel, onUse }: UseAsReferenceProps) {
  const [error, setError] = useState<string | null>(null)
  return (
    <div>
      <Button secondary onClick={() => void onUse(panel.id).then(() => setError(null), (e: unknown) => setError(errorMessage(e)))}>
        Use as reference
      </Button>
      {error === null ? null : (
        <p role="alert" style={styles.error}>
          {error}
        </p>
      )}
    </div>
  )
}
