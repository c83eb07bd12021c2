// Shots on beats: the shot a designer writes at the start of a beat ("Wide: Mara walks…", "ECU: the key"),
// and the lens a beat names ("24mm"), read as panel metadata; and the prefix Keyframe writes back when a shot
// is chosen in the panel or taken from a pattern. The prompt text stays the single source of truth: a shot
// exists only as words at the start of its beat. Pure.
//
// Aliases read (any case; "-" or a space between words, e.g. "close up", "close-up", "closeup"):
//   Wide: wide, wide shot, WS, long shot          Medium: medium, medium shot, mid shot, MS
//   Close-up: close-up, CU                          Extreme close-up: extreme close-up, ECU, XCU
//   Low angle / High angle: low angle (shot)       POV: POV (shot), point of view (shot)
//   Insert: insert (shot)                           Over the shoulder: over the shoulder (shot), OTS
//   Establishing: establishing (shot), wide establishing shot
//   Close-up also as "Close on …" (the subject follows: "Close on Mara as the beam sweeps…")
// After any of them a colon or a dash ends the shot ("WIDE: …", "Insert — …"). A comma, a full stop or "of"
// ends it only after a form that cannot be the first word of ordinary prose ("Wide shot, …", "Close-up of …",
// "ECU, …", "Low angle, …": prose says "a low angle" or "from a low angle"): "Wide, empty streets…" and
// "Insert the key…" are beats' own words, not shots.

export const SHOT_TYPES = [
  'Wide',
  'Medium',
  'Close-up',
  'Extreme close-up',
  'Low angle',
  'High angle',
  'POV',
  'Insert',
  'Over the shoulder',
  'Establishing'
] as const
export type ShotType = (typeof SHOT_TYPES)[number]

export interface Shot {
  type: ShotType
  /** The focal length as Keyframe shows it: "24 mm". */
  lens?: string
}

/** How Keyframe names each shot in a prompt, the way cinematographers (and the model guide's series) do. */
const PROMPT_NAME: Record<ShotType, string> = {
  Wide: 'Wide shot',
  Medium: 'Medium shot',
  'Close-up': 'Close-up',
  'Extreme close-up': 'Extreme close-up',
  'Low angle': 'Low angle shot',
  'High angle': 'High angle shot',
  POV: 'POV shot',
  Insert: 'Insert shot',
  'Over the shoulder': 'Over-the-shoulder shot',
  Establishing: 'Establishing shot'
}

const W = '[\\s-]*' // between words: a space, a hyphen, or nothing ("closeup")
const S = '[\\s-]+'
// [pattern, type, strong]: strong forms may end at a comma, full stop or "of" as well as a colon or dash.
const ALIASES: readonly [string, ShotType, boolean][] = [
  [`wide${S}establishing${S}shot`, 'Establishing', true],
  [`extreme${S}close${W}up`, 'Extreme close-up', true],
  ['ecu|xcu', 'Extreme close-up', true],
  [`close${W}up`, 'Close-up', true],
  ['cu', 'Close-up', false],
  [`wide${S}shot|long${S}shot`, 'Wide', true],
  ['wide|ws', 'Wide', false],
  [`(?:medium|mid)${S}shot`, 'Medium', true],
  ['medium|ms', 'Medium', false],
  [`low${S}angle(?:${S}shot)?`, 'Low angle', true],
  [`high${S}angle(?:${S}shot)?`, 'High angle', true],
  [`(?:pov|point${S}of${S}view)(?:${S}shot)?`, 'POV', true],
  [`insert${S}shot`, 'Insert', true],
  ['insert', 'Insert', false],
  [`over${S}the${S}shoulder(?:${S}shot)?|ots`, 'Over the shoulder', true],
  [`establishing${S}shot`, 'Establishing', true],
  ['establishing', 'Establishing', false]
]

// A focal length: "24mm", "24 mm", "85 mm lens"; never "35mm film" or "16mm stock" (a film format, not a lens).
const LENS = '(\\d{1,4}(?:\\.\\d)?)\\s?mm\\b(?!\\s*(?:film|stock|format|camera|footage))(?:\\s+(?:anamorphic\\s+|macro\\s+|prime\\s+)?lens\\b)?'
const LENS_ANYWHERE = new RegExp(`(?<![\\w.])${LENS}`, 'i')
const PREFIXES = [
  ...ALIASES.map(([alias, type, strong]) => ({
    type,
    strong,
    re: new RegExp(`^\\s*(?:${alias})(?:\\s*,?\\s*${LENS})?\\s*(:|—|–|\\s-\\s${strong ? '|,|\\.|\\s+of\\s' : ''})\\s*`, 'i')
  })),
  // "Close on Mara…": the storyboard artist's close-up, its subject straight after it (the "on" ends it).
  { type: 'Close-up' as ShotType, strong: true, re: /^\s*close[\s-]+on\s+(?=\S)/i }
]

export interface ShotPrefix {
  shot?: Shot
  /** The beat without its shot (and a lens written with it), as written: `captionCase` makes it a caption. */
  text: string
}

/**
 * The shot a beat starts with and the beat's own words after it; a lens named anywhere in the beat is the
 * shot's. A beat without a shot at its start has none (a lens alone is not a shot), and its text is as written.
 */
export function readShot(beat: string): ShotPrefix {
  for (const { type, re } of PREFIXES) {
    const m = re.exec(beat)
    if (!m) continue
    // The designer's words stay as typed ("iPhone", "eBay"): case is the caption's business, not the reader's.
    const text = beat.slice(m[0].length)
    const lens = m[1] ?? LENS_ANYWHERE.exec(text)?.[1]
    return { shot: lens === undefined ? { type } : { type, lens: `${lens} mm` }, text }
  }
  return { text: beat }
}

/**
 * A shot read back from plugin data (anyone can edit it): undefined unless it is one Keyframe knows, so an
 * old record without one, or a damaged one, reads as no shot.
 */
export function storedShot(value: unknown): Shot | undefined {
  const shot = value as Partial<Shot> | null
  if (typeof shot !== 'object' || shot === null || !SHOT_TYPES.includes(shot.type as ShotType)) return undefined
  const type = shot.type as ShotType
  return typeof shot.lens === 'string' && shot.lens !== '' ? { type, lens: shot.lens } : { type }
}

/** "Wide · 24 mm": the small line under a panel's caption. */
export function shotLabel(shot: Shot): string {
  return shot.lens === undefined ? shot.type : `${shot.type} · ${shot.lens}`
}

/**
 * The beat with `type` as its shot, written the way Keyframe writes shots ("Medium shot, Mara turns."): its
 * old shot prefix (and a lens written in it) replaced, the rest as written. `undefined` removes the shot.
 */
export function withShot(beat: string, type: ShotType | undefined): string {
  const { shot, text } = readShot(beat)
  const lensInPrefix = shot?.lens !== undefined && !LENS_ANYWHERE.test(text)
  const lens = lensInPrefix ? `${shot?.lens} lens, ` : ''
  const body = text.trim()
  if (type === undefined) return captionCase(lens + body)
  return `${PROMPT_NAME[type]}, ${lens}${body === '' ? body : lowerFirst(body)}`.trim()
}

export interface ShotPattern {
  id: string
  label: string
  shots: readonly ShotType[]
}

/** Shot patterns a series can take its shots from. Longer series keep the last shot: a sequence narrows in and stays close. */
export const SHOT_PATTERNS: readonly ShotPattern[] = [
  { id: 'establishing-medium-close', label: 'Establishing → medium → close-up', shots: ['Establishing', 'Medium', 'Close-up'] },
  { id: 'wide-medium-close-insert', label: 'Wide → medium → close-up → insert', shots: ['Wide', 'Medium', 'Close-up', 'Insert'] },
  { id: 'conversation', label: 'Wide → over the shoulder → close-up', shots: ['Wide', 'Over the shoulder', 'Close-up'] }
]

/** The pattern's shot for the beat at `index` (0-based): the last one for beats beyond the pattern. */
export function patternShot(pattern: ShotPattern, index: number): ShotType | undefined {
  return pattern.shots[Math.min(index, pattern.shots.length - 1)]
}

/**
 * Beats switched from one pattern to another (either may be none): a beat that still has the shot `from`
 * gave it is cleared, then every beat without a shot takes `to`'s. A shot the designer wrote or chose
 * that differs from the old pattern's is kept. One the designer wrote that equals the old pattern's shot for
 * its beat is cleared too: the prompt is the only record, and it cannot tell the two apart (remembering
 * which beats a pattern wrote would be a second source of truth, stale after any edit). The designer sees
 * the new shot in the picker and can choose it back.
 */
export function switchPattern(beats: readonly string[], from: ShotPattern | undefined, to: ShotPattern | undefined): string[] {
  return beats.map((beat, i) => {
    const own = readShot(beat).shot?.type
    const given = from === undefined ? undefined : patternShot(from, i)
    const cleared = own !== undefined && own === given ? withShot(beat, undefined) : beat
    if (to === undefined || readShot(cleared).shot !== undefined) return cleared
    return withShot(cleared, patternShot(to, i))
  })
}

/**
 * A beat's words as a caption, a sentence: "her hand" → "Her hand". Only a first word written all in small
 * letters takes a capital; one with a capital of its own ("iPhone", "eBay") or that is not a word ("@mara",
 * "24 mm") is left as typed.
 */
export function captionCase(text: string): string {
  return /^\p{Ll}[\p{Ll}'’-]*(?![\p{L}\p{N}])/u.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text
}

/** "The door opens" → "the door opens" after "Close-up, "; "Mara turns" keeps its capital. */
function lowerFirst(text: string): string {
  // Only a common sentence opener is lowered: a name ("Mara"), "I" or a mention must keep its capital.
  return /^(The|A|An|Her|His|Their|Its|Our|My|She|He|They|It|We|This|That|These|Those|Someone|Everyone)\b/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text
}
