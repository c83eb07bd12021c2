// The designer's list of looks: each a name and a short lighting-and-mood phrase (the guide's fifth layer:
// the light's source and quality, its colour temperature, the mood it sets). Keyframe's six to start with;
// the designer's own list, kept on their machine, is read back carefully. Pure, free of the catalog, so the
// main thread (which stores the list) can check it too.
import * as z from 'zod/mini'

export interface Treatment {
  /** What the designer sees and the look's panel is captioned with: "Golden hour". */
  name: string
  /** The lighting-and-mood phrase the look's prompt carries. */
  phrase: string
}

/** At most this many treatments in the list (and so looks in one click). */
export const MAX_TREATMENTS = 6

/** Keyframe's six, in its own words; each phrase reads as lighting and mood only (a test holds them to that). */
export const DEFAULT_TREATMENTS: readonly Treatment[] = [
  { name: 'Golden hour', phrase: 'Low golden hour sun from the side, warm amber light, long soft shadows, a calm nostalgic mood' },
  { name: 'Overcast', phrase: 'Flat overcast daylight, soft diffused light with faint shadows, cool muted colours, a quiet still mood' },
  { name: 'Neon night', phrase: 'Night lit by neon signs, magenta and cyan glow on wet surfaces, deep shadows, a restless electric mood' },
  { name: 'Candlelit', phrase: 'Lit only by candlelight, a warm unsteady 1800K glow, darkness all around, an intimate hushed mood' },
  { name: 'High-key', phrase: 'Bright high-key lighting, soft even fill, almost no shadows, clean pale colours, an airy cheerful mood' },
  { name: 'Noir', phrase: 'Hard low-key light from one side, deep black shadows, cool desaturated tones, a tense mysterious mood' }
]

const TREATMENT = z.object({ name: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)), phrase: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)) })
const TREATMENTS = z.array(TREATMENT).check(z.minLength(1), z.maxLength(MAX_TREATMENTS))

/**
 * The stored list as the panel uses it. Nothing stored: the defaults. A list another version wrote or a hand
 * edit broke: the defaults, with a note saying the saved list was not used (it is left as it is until saved over).
 */
export function readTreatments(stored: unknown): { treatments: Treatment[]; note?: string } {
  if (stored === undefined || stored === null) return { treatments: [...DEFAULT_TREATMENTS] }
  const read = TREATMENTS.safeParse(stored)
  const names = read.success ? read.data.map((t) => t.name.toLowerCase()) : []
  if (!read.success || new Set(names).size !== names.length) {
    return { treatments: [...DEFAULT_TREATMENTS], note: 'Your saved list of looks could not be read, so the six built-in looks are shown. Edit the list and save it to replace it.' }
  }
  return { treatments: read.data }
}

/** Why this list cannot be saved (in the designer's words), or undefined when it can. */
export function treatmentListProblem(list: readonly Treatment[]): string | undefined {
  if (list.length === 0) return 'Keep at least one look in the list.'
  if (list.length > MAX_TREATMENTS) return `A list holds at most ${MAX_TREATMENTS} looks. Remove one before adding another.`
  const seen = new Set<string>()
  for (const [i, t] of list.entries()) {
    const name = t.name.trim()
    if (name === '') return `Look ${i + 1} has no name. Give it one, such as "Blue hour".`
    if (t.phrase.trim() === '') return `"${name}" has no lighting description. Describe its light and mood, such as "cold blue dusk light, a lonely mood".`
    if (name.length > 40) return `"${name.slice(0, 20)}…" is a long name. Keep a look's name under 40 characters.`
    if (t.phrase.length > 300) return `"${name}"'s description is long. Keep it under 300 characters: a phrase, not a paragraph.`
    if (seen.has(name.toLowerCase())) return `Two looks are called "${name}". Give each its own name.`
    seen.add(name.toLowerCase())
  }
  return undefined
}

/** The built-in looks not in the list (by name), which "add back" offers. */
export function missingDefaults(list: readonly Treatment[]): Treatment[] {
  const names = new Set(list.map((t) => t.name.trim().toLowerCase()))
  return DEFAULT_TREATMENTS.filter((t) => !names.has(t.name.toLowerCase()))
}
