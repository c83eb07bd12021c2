// English for the issues the catalog's schemas can raise. zod/mini has no messages of its own, and its
// English locale (zod/locales `en`) was 2.8 kB of build/ui.js, mostly words for checks the catalog never
// makes (emails, UUIDs, ISO dates, …). These are that locale's words, unchanged, for the rest: wrong types,
// enum values, bounds and unknown keys. Any other issue goes to the locale configured before, if any (the
// proxy's classic zod configures `en`), else gets the locale's fallback. Held word for word to `en` by
// test/kling/zod-messages.test.ts.
// zod's `util` helpers are not imported: reaching them through zod's `util` namespace bundles all of it.
import type { $ZodErrorMap } from 'zod/v4/core'

const UNITS: Record<string, string> = { string: 'characters', file: 'bytes', array: 'items', set: 'items', map: 'entries' }

/** What zod calls the type of a value (its `util.parsedType`, as `en` shows it). */
function received(input: unknown): string {
  if (typeof input === 'number') return Number.isNaN(input) ? 'NaN' : Number.isFinite(input) ? 'number' : String(input)
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'array'
  if (typeof input === 'object') {
    const prototype = Object.getPrototypeOf(input) as unknown
    const ctor = (input as { constructor?: { name: string } }).constructor
    if (prototype !== Object.prototype && 'constructor' in input && ctor) return ctor.name
  }
  return typeof input
}

/** A value as `en` quotes it (zod's `util.stringifyPrimitive`). */
function quoted(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? `"${value}"` : String(value)
}

function bound(issue: { origin?: string; inclusive?: boolean; exact?: boolean }, below: boolean, value: unknown, origin: string | undefined): string {
  const adj = issue.exact ? 'exactly ' : issue.inclusive ? (below ? '<=' : '>=') : below ? '<' : '>'
  const unit = UNITS[issue.origin ?? '']
  return unit ? `expected ${origin} to have ${adj}${String(value)} ${unit}` : `expected ${origin} to be ${adj}${String(value)}`
}

/** The catalog's messages, falling back to `before` (the locale configured until now) for anything else. */
export function catalogMessages(before?: $ZodErrorMap): $ZodErrorMap {
  return (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return `Invalid input: expected ${issue.expected === 'nan' ? 'NaN' : issue.expected}, received ${received(issue.input)}`
      case 'invalid_value':
        return issue.values.length === 1
          ? `Invalid input: expected ${quoted(issue.values[0])}`
          : `Invalid option: expected one of ${issue.values.map(quoted).join('|')}`
      case 'too_big':
        return `Too big: ${bound(issue, true, issue.maximum, issue.origin ?? 'value')}`
      case 'too_small':
        return `Too small: ${bound(issue, false, issue.minimum, issue.origin)}`
      case 'unrecognized_keys':
        return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(quoted).join(', ')}`
      default:
        return before?.(issue) ?? 'Invalid input'
    }
  }
}
