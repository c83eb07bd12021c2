// The model guide's five-layer prompt (shot and lens, subject, action, environment, lighting and mood):
// which layers a prompt already covers, and short phrasings to add a missing one. Help, never a rule:
// nothing here blocks a request. Pure: no Figma, DOM or network.
import { firstPanelAt } from './prompt-draft'
import { quotedSpans, spanAround } from './quoted-spans'

export type PromptLayer = 'shot' | 'subject' | 'action' | 'environment' | 'lighting'

export const PROMPT_LAYERS: readonly PromptLayer[] = ['shot', 'subject', 'action', 'environment', 'lighting']

export const LAYER_LABELS: Record<PromptLayer, string> = {
  shot: 'Shot and lens',
  subject: 'Subject',
  action: 'Action',
  environment: 'Environment',
  lighting: 'Lighting and mood'
}

// The guide's vocabulary for each layer, kept short. A space or hyphen inside a term matches a space, a
// hyphen or nothing ("close-up", "close up", "closeup"); a plural "s"/"es" is allowed after each term.
const VOCABULARY: Record<PromptLayer, { words: readonly string[]; patterns?: readonly RegExp[] }> = {
  shot: {
    words: [
      'close-up', 'extreme close-up', 'medium shot', 'medium close-up', 'medium wide', 'wide shot', 'wide angle',
      'establishing', 'full shot', 'long shot', 'cowboy shot', 'two-shot', 'hero shot', 'insert shot', 'over the shoulder',
      'pov', 'point of view', "bird's eye", 'birds eye', 'overhead', 'top-down', 'aerial', 'low angle', 'high angle',
      'dutch angle', 'eye level', 'lens', 'macro', 'anamorphic', 'telephoto', 'fisheye', 'depth of field', 'dof'
    ],
    // Focal lengths ("35mm", "35 mm") and apertures ("f/1.4").
    patterns: [/(?<![A-Za-z0-9])\d{2,3}\s?mm(?![A-Za-z0-9])/i, /(?<![A-Za-z0-9])f\/\d+(\.\d+)?/i]
  },
  subject: {
    words: [
      'man', 'men', 'woman', 'women', 'person', 'people', 'girl', 'boy', 'child', 'children', 'kid', 'baby', 'teenager',
      'couple', 'family', 'crowd', 'figure', 'character', 'stranger', 'detective', 'soldier', 'astronaut', 'knight',
      'warrior', 'dancer', 'worker', 'sailor', 'fisherman', 'pilot', 'driver', 'chef', 'musician', 'hero', 'heroine', 'mother', 'father', 'she', 'he', 'they', 'elderly', 'dog', 'cat',
      'horse', 'coat', 'jacket', 'dress', 'suit', 'uniform', 'shirt', 'hat', 'cloak', 'armour', 'armor', 'hair', 'beard'
    ],
    // `@` mentions of references and elements, and ages ("30-year-old").
    patterns: [/(^|\s)@\S/, /(?<![A-Za-z0-9])\d{1,3}[\s-]year[\s-]old/i]
  },
  action: {
    words: [
      'mid-stride', 'mid-air', 'mid-jump', 'stands', 'sits', 'walks', 'runs', 'holds', 'looks', 'leans', 'kneels',
      'reaches', 'turns', 'jumps', 'pose', 'posed', 'arms crossed', 'arms folded', 'outstretched', 'pressed against',
      // Beats are written with plain verbs ("Mara steps off the ferry"): the common ones, in the form a beat uses.
      'steps', 'scans', 'nods', 'grips', 'grabs', 'shares', 'share a look', 'sprints', 'skids', 'climbs', 'waits',
      'watches', 'stares', 'glances', 'smiles', 'laughs', 'carries', 'lifts', 'raises', 'peers', 'crouches', 'at work'
    ],
    // Gerunds ("leaning", "looking"), less the "-ing" words that are things, not doings.
    patterns: [/(?<![A-Za-z0-9])(?!(?:lighting|lightning|building|ceiling|evening|morning|clothing|painting|setting|railing|awning|wedding|during|nothing|something|anything|everything|string|spring|ceiling|sibling|stunning|amazing|interesting|striking)s?(?![A-Za-z]))[a-z]{3,}ing(?![A-Za-z0-9])/i]
  },
  environment: {
    words: [
      'street', 'city', 'alley', 'room', 'kitchen', 'bedroom', 'office', 'bar', 'cafe', 'café', 'diner', 'warehouse',
      'station', 'platform', 'subway', 'shrine', 'temple', 'church', 'castle', 'library', 'corridor', 'hallway', 'rooftop',
      'stage', 'forest', 'jungle', 'beach', 'desert', 'mountain', 'ocean', 'sea', 'lake', 'river', 'meadow', 'garden',
      'park', 'village', 'town', 'harbour', 'harbor', 'lighthouse', 'landscape', 'skyline', 'planet', 'spaceship',
      'interior', 'exterior', 'indoors', 'outdoors', 'background', 'foreground', 'backdrop', 'rain', 'snow', 'fog',
      'mist', 'haze', 'storm', 'brick', 'marble', 'concrete', 'wooden', 'cobblestone', 'stone', 'steel', 'tiles',
      'workshop', 'workspace', 'pier', 'quay', 'dock'
    ]
  },
  lighting: {
    words: [
      'light', 'lights', 'lighting', 'lit', 'sunlight', 'sunlit', 'moonlight', 'moonlit', 'candlelight', 'candlelit',
      'backlit', 'sidelight', 'rim light', 'key light', 'spotlight', 'streetlight', 'daylight', 'shadow', 'silhouette',
      'glow', 'glowing', 'neon', 'lamp', 'lantern', 'beam', 'tungsten', 'fluorescent', 'chiaroscuro', 'high-key', 'low-key',
      'golden hour', 'blue hour', 'sunset', 'sunrise', 'dawn', 'dusk', 'twilight', 'night', 'midnight', 'midday', 'noon',
      'overcast', 'diffused', 'warm', 'cool', 'moody', 'melancholy', 'melancholic', 'eerie', 'ominous', 'serene',
      'tense', 'dramatic', 'romantic', 'nostalgic', 'gloomy', 'cheerful', 'mysterious', 'calm', 'dreamy', 'somber', 'sombre'
    ],
    // Colour temperatures ("3200K", "5600 K").
    patterns: [/(?<![A-Za-z0-9])\d{4,5}\s?K(?![A-Za-z0-9])/]
  }
}

/** Three phrasings per layer to insert, in Keyframe's words from the guide's facts; each is detected as its layer. */
export const LAYER_PHRASINGS: Record<PromptLayer, readonly [string, string, string]> = {
  shot: ['Wide establishing shot, 24 mm lens', 'Medium shot, 50 mm lens, shallow depth of field', 'Low angle, 35 mm lens'],
  subject: [
    'A woman in her forties in a long wool coat, on the left third',
    'Two figures facing each other in the foreground',
    'A lone man, small in the centre of the frame'
  ],
  action: ['Mid-stride, looking back over one shoulder', 'Leaning in a doorway, arms folded', 'Reaching towards the camera'],
  environment: [
    'On a narrow city street with wet cobblestones',
    'Inside a quiet kitchen with worn wooden floors',
    'In a pine forest with mist between the trees'
  ],
  lighting: ['Golden hour sidelight, calm and warm', 'Single key light, deep shadows, tense mood', 'Cool overcast daylight, 5600K, soft and still']
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function termPattern(word: string): string {
  return word
    .split(/[\s-]+/)
    .map((part) => escape(part).replace(/'/g, "['’]?"))
    .join('[\\s-]*')
}

// Letters and digits on either side end a match: "lighthouse" is not "light", "nova" is not "no".
function matchers(layer: PromptLayer): readonly RegExp[] {
  const { words, patterns = [] } = VOCABULARY[layer]
  const listed = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(termPattern).join('|')})(?:e?s)?(?![\\p{L}\\p{N}])`, 'iu')
  return [listed, ...patterns]
}
const MATCHERS = new Map(PROMPT_LAYERS.map((layer) => [layer, matchers(layer)]))

/** The layers a prompt covers. A series is judged whole: the Style line and every beat. */
export function promptLayers(prompt: string): Set<PromptLayer> {
  return new Set(PROMPT_LAYERS.filter((layer) => (MATCHERS.get(layer) ?? []).some((re) => re.test(prompt))))
}

/**
 * The prompt with a phrasing added, losing none of the designer's text: in a series, at the end of the Style
 * line (before "Panel 1:"); else at the caret when there is one, joined with a comma; else as its own sentence
 * at the end. Returns the new text and where the caret goes after it.
 */
export function insertPhrasing(prompt: string, phrasing: string, caret?: number): { text: string; caret: number } {
  // The first "Panel 1:" as seriesParts reads it: one inside a quoted title is not a marker.
  const at = firstPanelAt(prompt)
  if (at !== undefined) {
    const style = asSentence(prompt.slice(0, at), phrasing)
    return { text: `${style} ${prompt.slice(at)}`, caret: style.length }
  }
  if (caret === undefined || caret < 0 || caret > prompt.length) {
    const text = asSentence(prompt, phrasing)
    return { text, caret: text.length }
  }
  caret = outsideTokensAndQuotes(prompt, caret)
  // A caret inside a word goes to the word's end: the phrasing never splits "sai|lor".
  while (caret > 0 && caret < prompt.length && /[\p{L}\p{N}]/u.test(prompt.charAt(caret - 1)) && /[\p{L}\p{N}]/u.test(prompt.charAt(caret))) caret++
  const before = prompt.slice(0, caret)
  const after = prompt.slice(caret)
  const head = before.trimEnd()
  const startsSentence = head === '' || /[.!?:]$/.test(head)
  const words = startsSentence ? capitalise(phrasing) : lowerFirst(phrasing)
  const lead = head === '' ? '' : /[,;.!?:]$/.test(head) ? `${head} ` : `${head}, `
  const rest = after.trimStart()
  const tail = rest === '' ? '' : /^[\p{L}\p{N}@'"‘“(]/u.test(rest) ? `${startsSentence ? '.' : ','} ${rest}` : rest
  return { text: `${lead}${words}${tail}`, caret: lead.length + words.length }
}

// An `@` mention: "@" and the name after it, one token Kling reads whole.
const MENTION = /@[\p{L}\p{N}_]*/gu

/**
 * The caret moved past a quoted span it sits in (the title Kling letters stays whole: 'NIGHT |FERRY') and
 * past an `@` mention it sits in or right after the "@" of ("@|Mara" would become "@, low angle, Mara").
 */
function outsideTokensAndQuotes(prompt: string, caret: number): number {
  const quote = spanAround(quotedSpans(prompt), caret)
  if (quote) caret = quote.end
  for (const m of prompt.matchAll(MENTION)) {
    const start = m.index ?? 0
    if (caret > start && caret < start + m[0].length) return start + m[0].length
  }
  return caret
}

/** Text ending as a sentence, then the phrasing as the next one. */
function asSentence(text: string, phrasing: string): string {
  const head = text.trimEnd()
  if (head === '') return `${capitalise(phrasing)}.`
  return `${head}${/[.!?]$/.test(head) ? '' : '.'} ${capitalise(phrasing)}.`
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

// "Medium shot" inside a sentence reads "medium shot"; a unit or name keeps its case ("K", "@Mara").
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text
}
