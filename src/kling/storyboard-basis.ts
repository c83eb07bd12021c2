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
 * from before names were kept have none, and the canonical tokens (`Image1`, `Element1`) stand in.
 */
export function reusedReferences(input: Record<string, unknown>, named?: readonly { name: string; role: ReferenceRole }[]): ReusedReference[] {
  const images: string[] = Array.isArray(input.image_urls) ? (input.image_urls as string[]) : typeof input.image_url === 'string' ? [input.image_url] : []
  const elements = Array.isArray(input.elements) ? (input.elements as { frontal_image_url: string; reference_image_urls?: string[] }[]) : []
  const refs = named ?? [
    ...images.map((_, i) => ({ name: `Image${i + 1}`, role: 'image' as const })),
    ...elements.map((_, i) => ({ name: `Element${i + 1}`, role: 'element' as const }))
  ]
  const seen = { image: 0, element: 0 }
  return refs.flatMap((ref): ReusedReference[] => {
    const k = seen[ref.role]++
    if (ref.role === 'image') return images[k] === undefined ? [] : [{ name: ref.name, role: 'image', url: images[k] }]
    const el = elements[k]
    if (!el) return []
    return [{ name: ref.name, role: 'element', url: el.frontal_image_url, ...(el.reference_image_urls && { angleUrls: el.reference_image_urls }) }]
  })
}
