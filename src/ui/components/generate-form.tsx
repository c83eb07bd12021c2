// The generation settings. Options the chosen model lacks are shown disabled with the reason; a choice a
// model switch changed says so under its field, with a one-click way back. The composer's errors and the
// guide's lints appear under the field they are about.
import { Dropdown, Textbox, TextboxNumeric } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { ProblemField, Problem } from '../../kling/compose'
import { capabilities, MODEL_IDS } from '../../kling/capabilities'
import { nearestAspectRatio } from '../../kling/nearest-ratio'
import { type FormSettings, offeredOptions } from '../form/form-settings'
import { availableOptions, type FitNote, restoreChange, unavailableHint } from '../form/option-availability'
import type { Preview } from '../form/preview'
import { Choice } from './choice'
import { Field, messagesId } from './field'

export interface GenerateFormProps {
  settings: FormSettings
  preview: Preview
  /** What the last model switch changed. */
  notes?: readonly FitNote[]
  onChange: (update: Partial<FormSettings>) => void
  /** A selected poster layout's size: its nearest supported ratio is offered, never set silently. */
  layoutShape?: { width: number; height: number }
}

const OUTPUT_TEXT = { single: 'Single', variations: 'Variations', series: 'Series' } as const
const FORMAT_TEXT = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' } as const
const LINK_BUTTON = { alignSelf: 'flex-start', fontSize: 11, background: 'none', border: 'none', padding: 0, marginTop: -6, color: 'var(--figma-color-text-brand)', cursor: 'pointer' } as const

export function GenerateForm({ settings, preview, notes = [], onChange, layoutShape }: GenerateFormProps) {
  const offered = offeredOptions(settings.model, preview.mode)
  const available = availableOptions(settings.model, preview.mode)
  const noted = (field: ProblemField): Problem[] => notes.filter((n) => n.field === field).map((n) => ({ field, message: n.message, fix: '' }))
  const problems = (field: ProblemField): { errors?: Problem[]; warnings?: Problem[] } => ({
    errors: preview.errors[field],
    warnings: [...noted(field), ...(preview.warnings[field] ?? [])]
  })
  // The reason an option is disabled, unless the note about the designer's changed choice already says it.
  const hint = (field: ProblemField, options: Parameters<typeof unavailableHint>[0]) =>
    noted(field).length > 0 ? undefined : unavailableHint(options)
  const restore = restoreChange(notes)
  const counts = settings.output === 'series' ? offered.counts.series : offered.counts.variations
  const layoutRatio = layoutShape ? nearestAspectRatio(layoutShape.width, layoutShape.height, offered.aspectRatios) : undefined
  const defaultCount = settings.output === 'series' ? Math.max(preview.beats, counts.min) : offered.counts.variations.default

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
      <Choice
        id="model"
        label="Model"
        value={settings.model}
        options={MODEL_IDS.map((model) => ({ value: model, text: capabilities(model, preview.mode).name }))}
        onChange={(model) => onChange({ model })}
        {...problems('model')}
      />
      {restore?.model !== undefined ? (
        <button type="button" style={LINK_BUTTON} onClick={() => onChange(restore)}>
          {`Back to ${capabilities(restore.model, preview.mode).name}`}
        </button>
      ) : null}
      <Choice
        id="output"
        label="Output"
        value={settings.output}
        options={available.outputs.map((o) => ({ value: o.value, text: OUTPUT_TEXT[o.value], disabled: o.unavailable !== undefined }))}
        hint={hint('output', available.outputs)}
        onChange={(output) => onChange({ output, count: undefined })}
        {...problems('output')}
      />
      {settings.output === 'single' ? null : (
        <Field id="count" label="Count" labelFor="count" {...problems('count')} hint={`${counts.min} to ${counts.max}`}>
          <TextboxNumeric
            id="count"
            aria-describedby={messagesId('count')}
            value={String(settings.count ?? defaultCount)}
            integer
            minimum={counts.min}
            maximum={counts.max}
            onNumericValueInput={(n) => onChange({ count: n ?? undefined })}
          />
        </Field>
      )}
      <Choice
        id="resolution"
        label="Resolution"
        value={settings.resolution}
        options={available.resolutions.map((o) => ({ value: o.value, text: o.value, disabled: o.unavailable !== undefined }))}
        hint={hint('resolution', available.resolutions)}
        onChange={(resolution) => onChange({ resolution })}
        {...problems('resolution')}
      />
      <Field id="aspect-ratio" label="Aspect ratio" {...problems('aspectRatio')}>
        <Dropdown
          role="combobox"
          aria-labelledby="aspect-ratio-label"
          aria-describedby={messagesId('aspect-ratio')}
          value={settings.aspectRatio}
          options={available.aspectRatios.map((o) =>
            o.unavailable ? { value: o.value, text: o.unavailable, disabled: true } : { value: o.value, text: o.value === 'auto' ? 'Auto (from the references)' : o.value }
          )}
          onValueChange={(value) => onChange({ aspectRatio: value as FormSettings['aspectRatio'] })}
        />
      </Field>
      {layoutRatio !== undefined && layoutRatio !== settings.aspectRatio ? (
        <button type="button" style={LINK_BUTTON} onClick={() => onChange({ aspectRatio: layoutRatio })}>
          {`Use ${layoutRatio} (the layout's shape)`}
        </button>
      ) : null}
      <Choice
        id="format"
        label="Format"
        value={settings.format}
        options={offered.formats.map((value) => ({ value, text: FORMAT_TEXT[value] }))}
        onChange={(format) => onChange({ format })}
        {...problems('format')}
      />
      {/* Also shown, with its problem, when text is left that this model and mode cannot take: hidden, it
          would turn Generate off with no visible reason and no way to clear it. */}
      {offered.negativePrompt || noted('negativePrompt').length > 0 || settings.negativePrompt.trim() !== '' ? (
        <Field
          id="negative-prompt"
          label="Negative prompt"
          labelFor="negative-prompt"
          {...problems('negativePrompt')}
          onAction={(action) => action.kind === 'set-prompts' && onChange({ prompt: action.prompt, negativePrompt: action.negativePrompt })}
        >
          <Textbox
            id="negative-prompt"
            disabled={!offered.negativePrompt && settings.negativePrompt.trim() === ''}
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
