// One of a few options, as Figma's segmented control. It renders radio inputs, so the group gets the
// radiogroup role and the field's label as its name; each option is then a named radio button.
import { SegmentedControl } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { Problem } from '../../kling/compose'
import { Field, messagesId } from './field'

export interface ChoiceProps<T extends string> {
  id: string
  label: string
  value: T
  /** A disabled option stays visible; say why in `hint`. */
  options: readonly { value: T; text: string; disabled?: boolean }[]
  onChange: (value: T) => void
  errors?: readonly Problem[] | undefined
  warnings?: readonly Problem[] | undefined
  disabled?: boolean
  hint?: string | undefined
}

export function Choice<T extends string>({ id, label, value, options, onChange, errors, warnings, disabled, hint }: ChoiceProps<T>) {
  return (
    <Field id={id} label={label} errors={errors} warnings={warnings} hint={hint}>
      <div role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={messagesId(id)}>
        <SegmentedControl
          value={value}
          disabled={disabled}
          options={options.map((o) => ({ value: o.value, children: o.text, disabled: o.disabled === true }))}
          onValueChange={(v) => onChange(v as T)}
        />
      </div>
    </Field>
  )
}
