// `@` tokens in prompts. Kling reads `@Image1…` (O3 image-to-image) and `@Element1…` (faces and
// characters). Designers think in layer names, so a frame named `@Mara` or `Mara` may be written
// `@Mara`; it is rewritten to its canonical token before the prompt is sent.
import type { ModelId, Mode } from './endpoints'

export type ReferenceRole = 'image' | 'element'

export interface NamedReference {
  name: string
  role: ReferenceRole
}

export interface TokenBinding {
  /** Index into the references passed in. */
  index: number
  /** `Image1`, `Element2`… without the `@`. */
  canonical: string
  /** The layer name as a designer would type it after `@`. */
  alias: string
}

export interface ResolvedTokens {
  prompt: string
  /** Tokens that match no reference, as written (with the `@`). */
  unknown: string[]
  /** References the prompt never mentions (indexes into the references). */
  unused: number[]
}

/** Numbers references per role in selection order: the first image is Image1, the first element Element1. */
export function bindTokens(refs: readonly NamedReference[]): TokenBinding[] {
  const counters: Record<ReferenceRole, number> = { image: 0, element: 0 }
  return refs.map((ref, index) => {
    counters[ref.role] += 1
    const canonical = `${ref.role === 'image' ? 'Image' : 'Element'}${counters[ref.role]}`
    return { index, canonical, alias: aliasOf(ref.name) }
  })
}

export function aliasOf(layerName: string): string {
  return layerName.trim().replace(/^@+/, '').trim()
}

// `@` at the start or after a non-word character (so e-mail addresses are left alone).
const TOKEN_START = /(^|[^\w@])@/g
const WORD_CHAR = /[\p{L}\p{N}_]/u

export function resolveTokens(
  prompt: string,
  refs: readonly NamedReference[],
  model: ModelId,
  mode: Mode
): ResolvedTokens {
  const bindings = bindTokens(refs)
  const imageCount = refs.filter((r) => r.role === 'image').length
  // Candidates by what may follow `@`, longest first so "Old Town Square" wins over "Old Town".
  const candidates = bindings
    .flatMap((b) => {
      const names = [b.canonical, b.alias]
      if (refs[b.index]?.role === 'image' && imageCount === 1) names.push('Image') // fal: "@Image if only one image"
      return names.filter((n) => n !== '').map((text) => ({ text, binding: b }))
    })
    .sort((a, b) => b.text.length - a.text.length)

  const used = new Set<number>()
  const unknown: string[] = []
  let out = ''
  let last = 0
  for (const match of prompt.matchAll(TOKEN_START)) {
    const at = (match.index ?? 0) + match[1]!.length
    const rest = prompt.slice(at + 1)
    const hit = candidates.find(
      (c) => rest.toLowerCase().startsWith(c.text.toLowerCase()) && !WORD_CHAR.test(rest.charAt(c.text.length))
    )
    if (!hit) {
      const word = /^[\p{L}\p{N}_-]+/u.exec(rest)?.[0]
      if (word) unknown.push(`@${word}`)
      continue
    }
    used.add(hit.binding.index)
    out += prompt.slice(last, at) + spell(hit.binding, refs, model, mode)
    last = at + 1 + hit.text.length
  }
  out += prompt.slice(last)

  const unused = bindings.map((b) => b.index).filter((i) => !used.has(i))
  return { prompt: out, unknown: [...new Set(unknown)], unused }
}

// V3 image-to-image takes one image and has no @Image syntax: a mention of it reads as plain words.
function spell(binding: TokenBinding, refs: readonly NamedReference[], model: ModelId, mode: Mode): string {
  if (refs[binding.index]?.role === 'image' && (model === 'v3' || mode === 'text-to-image')) return 'the reference image'
  return `@${binding.canonical}`
}

/**
 * The other way round, for what a designer reads: `@Element1` in a prompt that was sent becomes the name the
 * designer gave that reference (`@Mara`), so Edit prompt and the shot list speak their language. A token
 * with no name known stays as it is; the result still binds to the same references.
 */
export function namedTokens(prompt: string, refs: readonly NamedReference[]): string {
  const aliases = new Map(bindTokens(refs).filter((b) => b.alias !== '').map((b) => [b.canonical.toLowerCase(), b.alias]))
  return prompt.replace(/(^|[^\w@])@((?:Image|Element)\d+)(?![\p{L}\p{N}_])/gu, (whole: string, before: string, token: string) => {
    const alias = aliases.get(token.toLowerCase())
    return alias === undefined ? whole : `${before}@${alias}`
  })
}
