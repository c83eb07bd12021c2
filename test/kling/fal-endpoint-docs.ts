// Reads what fal's generated typings (@fal-ai/client, src/types/endpoints.d.ts) state about an endpoint's
// input: each field's optionality, its literal enum, and the default, ranges and limits its JSDoc gives.
// Read from the installed file, so the checks built on it follow an upgrade of the client.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

// The package exports `./endpoints` (src/types/endpoints.js); its declarations sit beside it.
export const FAL_TYPINGS = createRequire(import.meta.url)
  .resolve('@fal-ai/client/endpoints')
  .replace(/\.js$/, '.d.ts')

export interface FalField {
  name: string
  required: boolean
  /** The TypeScript type as written, e.g. `"1K" | "2K"`. */
  type: string
  doc: string
  /** 1-based line of the field in endpoints.d.ts, for messages. */
  line: number
}

/** One stated constraint per key, e.g. `num_images.maximum` → 9, `elements.items.reference_image_urls.maxItems` → 3. */
export type Constraints = Record<string, unknown>

let cached: string | undefined
function typings(): string {
  cached ??= readFileSync(FAL_TYPINGS, 'utf8')
  return cached
}

/** The input type fal maps an endpoint id to in `EndpointTypeMap`. */
export function inputTypeName(endpoint: string): string {
  const match = new RegExp(`"${endpoint.replace(/[/.]/g, '\\$&')}": \\{\\s*input: (\\w+);`).exec(typings())
  if (!match) throw new Error(`${endpoint} is not in EndpointTypeMap of ${FAL_TYPINGS}`)
  return match[1] as string
}

/** The fields of `export type <name> = { … };`. */
export function falFields(typeName: string): FalField[] {
  const text = typings()
  const start = text.indexOf(`export type ${typeName} = {\n`)
  if (start < 0) throw new Error(`type ${typeName} is not declared in ${FAL_TYPINGS}`)
  const end = text.indexOf('\n};', start)
  const body = text.slice(start, end)
  const firstLine = text.slice(0, start).split('\n').length
  const fields: FalField[] = []
  for (const m of body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*\n\s*(\w+)(\??): ([^;]+);/g)) {
    const doc = (m[1] as string)
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, '').trim())
      .filter(Boolean)
      .join(' ')
    const line = firstLine + body.slice(0, (m.index ?? 0) + m[0].indexOf(`${m[2]}${m[3]}:`)).split('\n').length - 1
    fields.push({ name: m[2] as string, required: m[3] !== '?', type: (m[4] as string).trim(), doc, line })
  }
  return fields
}

/** The type an `Array<…>` field holds, when it is a named object type (not `string` or `number`). */
export function arrayItemType(field: FalField): string | undefined {
  const item = /^Array<(\w+)>$/.exec(field.type)?.[1]
  return item && !['string', 'number', 'boolean'].includes(item) ? item : undefined
}

/**
 * What fal states about each field, in JSON Schema's words: `enum` from a union of string literals,
 * `default` from "Default value: `…`", `minimum`/`maximum` from "(1-9)"/"(2-9)", `maxLength` from
 * "Max 2500 characters", `maxItems` from "Max 10 images" or "0-3 images", recursing into named item types.
 */
export function falConstraints(typeName: string, prefix = ''): Constraints {
  const out: Constraints = {}
  for (const field of falFields(typeName)) {
    const key = `${prefix}${field.name}`
    const literals = field.type.split('|').map((t) => t.trim())
    if (literals.every((t) => /^"[^"]*"$/.test(t))) out[`${key}.enum`] = literals.map((t) => JSON.parse(t) as string)
    const def = /Default value: `([^`]*)`/.exec(field.doc)
    if (def) out[`${key}.default`] = JSON.parse(def[1] as string)
    const range = /\((\d+)-(\d+)\)/.exec(field.doc)
    if (range && field.type === 'number') {
      out[`${key}.minimum`] = Number(range[1])
      out[`${key}.maximum`] = Number(range[2])
    }
    const chars = /Max (\d+) characters/.exec(field.doc)
    if (chars) out[`${key}.maxLength`] = Number(chars[1])
    const items = /Max (\d+) images/.exec(field.doc) ?? /\d+-(\d+) images supported/.exec(field.doc)
    if (items && field.type.startsWith('Array<')) out[`${key}.maxItems`] = Number(items[1])
    const item = arrayItemType(field)
    if (item) Object.assign(out, falConstraints(item, `${key}.items.`))
  }
  return out
}

/** "Max file size: 10.0MB, Min width: 300px, …" on an image URL field, as numbers. */
export function falImageRules(field: FalField): Record<string, number> {
  const rules: Record<string, number> = {}
  for (const [, name, value] of field.doc.matchAll(/(Max file size|Min width|Min height|Min aspect ratio|Max aspect ratio): ([\d.]+)/g)) {
    rules[name as string] = Number(value)
  }
  return rules
}

interface JsonSchema {
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  [keyword: string]: unknown
}

const KEYWORDS = ['enum', 'default', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const

/** The same keys for the catalog, from its schema's JSON Schema (zod's toJSONSchema, input side). */
export function catalogConstraints(schema: JsonSchema, prefix = ''): Constraints {
  const out: Constraints = {}
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    collect(property, `${prefix}${name}`, out)
  }
  return out
}

function collect(schema: JsonSchema, key: string, out: Constraints): void {
  for (const keyword of KEYWORDS) if (schema[keyword] !== undefined) out[`${key}.${keyword}`] = schema[keyword]
  if (schema.items) {
    if (schema.items.properties) Object.assign(out, catalogConstraints(schema.items, `${key}.items.`))
    else collect(schema.items, `${key}.items`, out)
  }
}
