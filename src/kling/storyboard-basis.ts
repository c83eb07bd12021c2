// What beats added to a storyboard reuse, read from the request that made it: its references with the URLs
// fal already has, in the order their tokens were bound, and its Style line. Pure; the main thread reads the
// record and sends this with the selection, so the UI never parses a stored request.
import { seriesParts } from './prompt-draft'
import type { ReferenceRole } from './tokens'

export interface ReusedReference {
  name: string
  role: ReferenceRole
  url: string
  angleUrls?: string[]
}

/** The Style line a storyboard's prompt starts with: everything before its first "Panel N:" ('' without one). */
export function styleOf(prompt: string): string {
  const { style, beats } = seriesParts(prompt)
  return beats.length > 0 ? style : ''
}

/**
 * The request's references with the URLs it sent. `named` lists names and roles in binding order; records
 * from before names were kept have none, and the canonical tokens (`Image1`, `Element1`) stand in. Both come
 * from plugin data anyone can edit, so their shapes are checked: a damaged record throws, saying what is wrong.
 */
export function reusedReferences(input: Record<string, unknown>, named?: unknown): ReusedReference[] {
  const images = input.image_urls ?? (input.image_url === undefined ? [] : [input.image_url])
  if (!Array.isArray(images) || !images.every((url) => typeof url === 'string')) throw new Error("its request's image URLs are not a list of URLs")
  const elements = input.elements ?? []
  if (!Array.isArray(elements) || !elements.every(isElement)) throw new Error("its request's elements are not a list of images")
  if (named !== undefined && !Array.isArray(named)) throw new Error('its references are not a list')
  const refs = (named as unknown[] | undefined) ?? [
    ...images.map((_, i) => ({ name: `Image${i + 1}`, role: 'image' }) satisfies NamedReference),
    ...elements.map((_, i) => ({ name: `Element${i + 1}`, role: 'element' }) satisfies NamedReference)
  ]
  const bad = refs.findIndex((ref) => !isNamedReference(ref))
  if (bad >= 0) throw new Error(`reference ${bad + 1} of its references has no name or role`)
  const seen = { image: 0, element: 0 }
  return (refs as NamedReference[]).flatMap((ref): ReusedReference[] => {
    const k = seen[ref.role]++
    if (ref.role === 'image') return images[k] === undefined ? [] : [{ name: ref.name, role: 'image', url: images[k] }]
    const el = elements[k]
    if (!el) return []
    return [{ name: ref.name, role: 'element', url: el.frontal_image_url, ...(el.reference_image_urls && { angleUrls: el.reference_image_urls }) }]
  })
}

interface NamedReference {
  name: string
  role: ReferenceRole
}

interface StoredElement {
  frontal_image_url: string
  reference_image_urls?: string[]
}

function isNamedReference(value: unknown): value is NamedReference {
  const ref = value as Partial<NamedReference> | null
  return typeof ref === 'object' && ref !== null && typeof ref.name === 'string' && (ref.role === 'image' || ref.role === 'element')
}

function isElement(value: unknown): value is StoredElement {
  const el = value as Partial<StoredElement> | null
  const angles = el?.reference_image_urls
  return (
    typeof el === 'object' && el !== null && typeof el.frontal_image_url === 'string' &&
    (angles === undefined || (Array.isArray(angles) && angles.every((url) => typeof url === 'string')))
  )
}
