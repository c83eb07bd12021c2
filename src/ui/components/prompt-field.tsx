// The prompt: pre-filled from the selected text layers, editable, with `@` completion of the selected
// references. Completion is a listbox under the textarea, driven by the arrow keys, Enter or Tab.
import { TextboxMultiline } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'

import type { LintAction, Problem } from '../../kling/compose'
import { plainMentions, writeAsToken } from '../../kling/plain-mentions'
import { applyReplacement } from '../../kling/positive-framing'
import { insertPhrasing } from '../../kling/prompt-layers'
import type { NamedReference } from '../../kling/tokens'
import { applyCompletion, type CompletionOption, completionOptions, completionQuery, type CompletionQuery } from '../form/completion'
import { Field, messagesId } from './field'
import { PromptLayersRow } from './prompt-layers-row'
import { styles } from './styles'

export interface PromptFieldProps {
  value: string
  edited: boolean
  references: readonly NamedReference[]
  onChange: (value: string) => void
  onReset: () => void
  errors?: readonly Problem[] | undefined
  warnings?: readonly Problem[] | undefined
}

const ID = 'prompt'
const LINK_BUTTON = { alignSelf: 'flex-start', fontSize: 11, background: 'none', border: 'none', padding: 0, color: 'var(--figma-color-text-brand)', cursor: 'pointer' } as const

/** The prompt grows with its text up to this height, then scrolls: Generate stays in the window. */
export const PROMPT_MAX_HEIGHT = 160

export function PromptField({ value, edited, references, onChange, onReset, errors, warnings }: PromptFieldProps) {
  const [open, setOpen] = useState<{ query: CompletionQuery; options: CompletionOption[]; active: number } | null>(null)
  const textarea = useRef<HTMLTextAreaElement>(null)

  function refresh(text: string, caret: number) {
    const query = completionQuery(text, caret)
    const options = query ? completionOptions(references, query.typed) : []
    setOpen(query && options.length > 0 ? { query, options, active: 0 } : null)
  }

  function choose(option: CompletionOption) {
    if (!open) return
    const next = applyCompletion(value, open.query, option)
    onChange(next.text)
    setOpen(null)
    requestAnimationFrame(() => {
      textarea.current?.focus()
      textarea.current?.setSelectionRange(next.caret, next.caret)
    })
  }

  // At the caret while the prompt has focus (a chip's mouse press keeps it there), else as its own sentence.
  function insert(phrasing: string) {
    const el = textarea.current
    const focused = el !== null && document.activeElement === el
    const next = insertPhrasing(value, phrasing, focused ? el.selectionStart : undefined)
    onChange(next.text)
    if (focused) requestAnimationFrame(() => el.setSelectionRange(next.caret, next.caret))
  }

  function onAction(action: LintAction) {
    if (action.kind === 'replace') onChange(applyReplacement(value, action))
  }

  function onKeyDown(event: KeyboardEvent) {
    if (!open) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setOpen({ ...open, active: (open.active + step + open.options.length) % open.options.length })
    } else if ((event.key === 'Enter' && !event.metaKey && !event.ctrlKey) || event.key === 'Tab') {
      const option = open.options[open.active]
      if (option) {
        event.preventDefault()
        choose(option)
      }
    } else if (event.key === 'Escape') {
      event.stopPropagation()
      setOpen(null)
    }
  }

  // Grows with its text (measured, not the library's grow mode, which cannot stop growing), then scrolls.
  useLayoutEffect(() => {
    const el = textarea.current
    if (!el) return
    el.style.height = 'auto'
    const full = el.scrollHeight + 2
    el.style.height = `${Math.min(full, PROMPT_MAX_HEIGHT)}px`
    el.style.overflowY = full > PROMPT_MAX_HEIGHT ? 'auto' : 'hidden'
  }, [value])

  const drafted = !edited && value.trim() !== ''
  const hint = references.length === 0 ? (drafted ? 'Drafted from the selected text layers.' : undefined)
    : drafted ? 'Drafted from the selected text layers. Type @ to mention a reference.' : 'Type @ to mention a reference.'
  // A token still being typed is not an error yet: "@M" on its way to "@Mara" is not reported.
  const typing = open ? `@${open.query.typed}` : null
  const shownErrors = typing === null ? errors : errors?.filter((e) => e.token !== typing)
  const shownWarnings = typing === null ? warnings : warnings?.filter((w) => w.token !== typing)
  // A frame named in plain words ("Mara" for @Mara): one click writes it as the token Kling follows.
  const mentions = plainMentions(value, references)
  return (
    <Field id={ID} label="Prompt" labelFor={ID} errors={shownErrors} warnings={shownWarnings} hint={hint} onAction={onAction}>
      <TextboxMultiline
        id={ID}
        ref={textarea}
        rows={4}
        value={value}
        placeholder="Describe the image, or select text layers"
        aria-describedby={messagesId(ID)}
        aria-autocomplete="list"
        aria-expanded={open !== null}
        aria-controls={open ? `${ID}-completions` : undefined}
        onValueInput={(text) => onChange(text)}
        onInput={(event) => refresh(event.currentTarget.value, event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(null), 150)}
      />
      {open ? (
        <ul id={`${ID}-completions`} role="listbox" aria-label="References to mention" style={styles.completions}>
          {open.options.map((option, i) => (
            <li
              key={option.label}
              role="option"
              aria-selected={i === open.active}
              style={{ ...styles.completion, ...(i === open.active ? styles.activeCompletion : {}) }}
              onMouseDown={(event) => {
                event.preventDefault()
                choose(option)
              }}
            >
              {option.label}
              {option.detail ? <span style={styles.muted}> {option.detail}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <PromptLayersRow prompt={value} onInsert={insert} />
      {mentions.map(({ alias }) => (
        <button key={alias} type="button" style={LINK_BUTTON} onClick={() => onChange(writeAsToken(value, alias))}>
          {`Use @${alias}`}
        </button>
      ))}
      {edited ? (
        <button type="button" style={LINK_BUTTON} onClick={onReset}>
          Use the text layers again
        </button>
      ) : null}
    </Field>
  )
}
