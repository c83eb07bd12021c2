// A labelled control with its errors and lints right under it. The label is visible and names the
// control for screen readers and tests (`for` on a native control, `aria-labelledby` on a group).
import { type ComponentChildren, h } from 'preact'

import type { LintAction, Problem } from '../../kling/compose'
import { styles } from './styles'

export interface FieldProps {
  id: string
  label: string
  /** Native controls are named by `<label for>`; groups and custom widgets point at the label's id. */
  labelFor?: string
  errors?: readonly Problem[] | undefined
  warnings?: readonly Problem[] | undefined
  hint?: string | undefined
  /** Runs a message's one-click fix; without it the fix is only described. */
  onAction?: ((action: LintAction) => void) | undefined
  children: ComponentChildren
}

// A fix offered as a link-like button after the message it belongs to.
const ACTION = { fontSize: 11, background: 'none', border: 'none', padding: 0, color: 'var(--figma-color-text-brand)', cursor: 'pointer', textDecoration: 'underline' } as const

export function messagesId(id: string): string {
  return `${id}-messages`
}

export function Field({ id, label, labelFor, errors = [], warnings = [], hint, onAction, children }: FieldProps) {
  return (
    <div style={styles.field}>
      <label id={`${id}-label`} for={labelFor} style={styles.label}>
        {label}
      </label>
      {children}
      <FieldMessages id={messagesId(id)} errors={errors} warnings={warnings} hint={hint} onAction={onAction} />
    </div>
  )
}

export function FieldMessages({
  id,
  errors,
  warnings,
  hint,
  onAction
}: {
  id: string
  errors: readonly Problem[]
  warnings: readonly Problem[]
  hint?: string | undefined
  onAction?: ((action: LintAction) => void) | undefined
}) {
  if (errors.length === 0 && warnings.length === 0 && hint === undefined) return null
  return (
    <div id={id}>
      {errors.map((p) => (
        <p key={p.message} role="alert" style={styles.error}>
          {p.message} {p.fix}
        </p>
      ))}
      {warnings.map((p) => (
        <p key={p.message} style={styles.warning}>
          {p.message} {p.fix}
          {p.action && onAction ? ' ' : null}
          {p.action && onAction ? (
            <button type="button" style={ACTION} onClick={() => p.action && onAction(p.action)}>
              {p.action.label}
            </button>
          ) : null}
        </p>
      ))}
      {hint === undefined ? null : <p style={styles.hint}>{hint}</p>}
    </div>
  )
}
