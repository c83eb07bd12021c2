// The generation settings. Only what the chosen model offers is shown; the composer's errors and the
// guide's lints appear under the field they are about.
import { Dropdown, Textbox, TextboxNumeric } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { ProblemField, Problem } from '../../kling/compose'
import { MAX_IMAGES_PER_REQUEST, MAX_SERIES, MIN_SERIES } from '../../kling/schemas'
import { DEFAULT_VARIATIONS, type FormSettings, offeredOptions } from '../form/form-settings'
import type { Preview } from '../form/preview'
import { Choice } from './choice'
import { Field, messagesId } from './field'

export interface GenerateFormProps {
  settings: FormSettings
  preview: Preview
  onChange: (update: Partial<FormSettings>) => void
}

const OUTPUT_TEXT = { single: 'Single', variations: 'Variations', series: 'Series' } as const
const FORMAT_TEXT = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' } as const

export function GenerateForm({ settings, preview, onChange }: GenerateFormProps) {
  const offered = offeredOptions(settings.model, preview.mode)
  const problems = (field: ProblemField): { errors?: Problem[]; warnings?: Problem[] } => ({
    errors: preview.errors[field],
    warnings: preview.warnings[field]
  })
  const defaultCount = settings.output === 'series' ? Math.max(preview.beats, MIN_SERIES) : DEFAULT_VARIATIONS
  const maxCount = settings.output === 'series' ? MAX_SERIES : MAX_IMAGES_PER_REQUEST

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
      <Choice
        id="model"
        label="Model"
        value={settings.model}
        options={[
          { value: 'v3', text: 'V3' },
          { value: 'o3', text: 'O3' }
        ]}
        onChange={(model) => onChange({ model })}
        {...problems('model')}
      />
      <Choice
        id="output"
        label="Output"
        value={settings.output}
        options={offered.outputs.map((value) => ({ value, text: OUTPUT_TEXT[value] }))}
        onChange={(output) => onChange({ output, count: undefined })}
        {...problems('output')}
      />
      {settings.output === 'single' ? null : (
        <Field id="count" label="Count" labelFor="count" {...problems('count')} hint={`${MIN_SERIES} to ${maxCount}`}>
          <TextboxNumeric
            id="count"
            aria-describedby={messagesId('count')}
            value={String(settings.count ?? defaultCount)}
            integer
            minimum={MIN_SERIES}
            maximum={maxCount}
            onNumericValueInput={(n) => onChange({ count: n ?? undefined })}
          />
        </Field>
      )}
      <Choice
        id="resolution"
        label="Resolution"
        value={settings.resolution}
        options={offered.resolutions.map((value) => ({ value, text: value }))}
        onChange={(resolution) => onChange({ resolution })}
        {...problems('resolution')}
      />
      <Field id="aspect-ratio" label="Aspect ratio" {...problems('aspectRatio')}>
        <Dropdown
          role="combobox"
          aria-labelledby="aspect-ratio-label"
          aria-describedby={messagesId('aspect-ratio')}
          value={settings.aspectRatio}
          options={offered.aspectRatios.map((value) => ({ value, text: value === 'auto' ? 'Auto (from the references)' : value }))}
          onValueChange={(value) => onChange({ aspectRatio: value as FormSettings['aspectRatio'] })}
        />
      </Field>
      <Choice
        id="format"
        label="Format"
        value={settings.format}
        options={offered.formats.map((value) => ({ value, text: FORMAT_TEXT[value] }))}
        onChange={(format) => onChange({ format })}
        {...problems('format')}
      />
      {offered.negativePrompt ? (
        <Field id="negative-prompt" label="Negative prompt" labelFor="negative-prompt" {...problems('negativePrompt')}>
          <Textbox
            id="negative-prompt"
            aria-describedby={messagesId('negative-prompt')}
            placeholder="Optional: what to leave out"
            value={settings.negativePrompt}
            onValueInput={(negativePrompt) => onChange({ negativePrompt })}
          />
        </Field>
      ) : null}
    </div>
  )
}
