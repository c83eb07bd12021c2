// The prompt field as the panel wires it, for component tests: references, errors and warnings come from the
// real composer (via the preview) for the text typed so far.
import { h } from 'preact'
import { useState } from 'preact/hooks'

import type { SelectionSnapshot } from '../../src/messages'
import { PromptField } from '../../src/ui/components/prompt-field'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'
import { previewRequest } from '../../src/ui/form/preview'

export function PromptFieldHarness({ initial, selection }: { initial: string; selection: SelectionSnapshot }) {
  const [value, setValue] = useState(initial)
  const preview = previewRequest(selection, new Map(), { ...DEFAULT_SETTINGS, prompt: value })
  return (
    <PromptField
      value={value}
      edited
      references={preview.references}
      onChange={setValue}
      onReset={() => setValue('')}
      errors={preview.errors.prompt}
      warnings={preview.warnings.prompt}
    />
  )
}
