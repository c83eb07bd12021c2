// Starting points: the model guide's cinematic examples as prompts a designer can begin from, each with
// the settings its example uses. The prompts are Keyframe's own, built on the guide's five layers in order
// (shot and lens, subject, action, environment, lighting and mood) and its series pattern ("Panel N:"
// with the shot first). Where the designer's canvas should supply a person or a picture, the prompt holds
// a placeholder (`@Character`, `@Style`…) that becomes a selected frame's `@` token (fillPlaceholders).
// Pure data and functions: the catalog decides whether the settings are valid (test/kling/starting-points).
import type { Problem } from './compose'
import type { ChosenSettings } from './presets'
import { aliasOf, type NamedReference, type ReferenceRole } from './tokens'

export interface Placeholder {
  /** As written in the prompt, with its `@`. */
  token: string
  /** Element: a person or character whose face Kling keeps. Image: a picture whose content or look is used. */
  role: ReferenceRole
  /** What the frame should show, in a designer's words ("the person to cast"). */
  wants: string
}

export interface StartingPoint {
  name: string
  /** One line: what it is for. */
  purpose: string
  prompt: string
  placeholders: readonly Placeholder[]
  settings: ChosenSettings
  /** Images in the batch (variations) or panels (series); absent for a single image. */
  count?: number
  /** What must be selected before it can be generated at all, when something must. */
  needs?: string
}

const character = (wants: string): Placeholder => ({ token: '@Character', role: 'element', wants })

export const STARTING_POINTS: readonly StartingPoint[] = [
  {
    name: 'Film noir still',
    purpose: 'A black-and-white crime-film still of your character, three takes to choose from.',
    prompt:
      'Black-and-white film noir still, hard contrast. Medium close-up on a 50 mm lens, large-format film grain. ' +
      '@Character in a dark tailored coat waits at the top of a stairwell, one hand on the rail, glancing back over a shoulder. ' +
      'A rain-wet hotel corridor, smoke hanging under a single caged ceiling lamp. ' +
      'Bars of shadow from a slatted blind cut across the face; focus holds on the eyes and the room falls away into soft darkness. Tense, quiet, dangerous.',
    placeholders: [character('the person in the scene')],
    settings: { model: 'o3', output: 'variations', resolution: '2K', aspectRatio: '2:3', format: 'png' },
    count: 3
  },
  {
    name: 'Sci-fi concept art',
    purpose: 'A wide concept painting that casts your character in a hard science-fiction world.',
    prompt:
      'Hard science-fiction concept art. Medium full shot on a 35 mm lens. ' +
      '@Character as the captain of a deep-space mining ship, in a scuffed pressure suit, leans over the chart table and plans the descent. ' +
      'Floating star charts glow cyan and amber across the cockpit; beyond the forward glass a storm-banded planet curves across the sky. ' +
      'Light spills up from the charts through drifting haze, heavy industrial design with rivets and cable runs, cool and monumental.',
    placeholders: [character('the person to cast as the captain')],
    settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '21:9', format: 'png' }
  },
  {
    name: 'Period drama still',
    purpose: 'A production still with two of your characters in a 1920s setting.',
    prompt:
      'Production still from a period drama set in 1920s Paris. Medium two-shot on a 40 mm lens, shallow depth of field. ' +
      '@Lead in a sequinned drop-waist dress and @Partner in evening tails share a look across a candlelit table. ' +
      'A crowded supper club, a jazz band on a small stage behind them, mirrored Art Deco panels, guests soft in the smoke. ' +
      'Warm light from the table lamps and stage bulbs, natural film look, romantic and a little wistful.',
    placeholders: [
      { token: '@Lead', role: 'element', wants: 'the first person' },
      { token: '@Partner', role: 'element', wants: 'the second person' }
    ],
    settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '16:9', format: 'png' }
  },
  {
    name: 'Horror key art',
    purpose: 'A poster concept with its title rendered in the image: change the words in quotes.',
    prompt:
      'Key art for a psychological horror film, poster composition. Low-angle wide shot on a 24 mm lens. ' +
      "A child's swing moves by itself in the overgrown garden of a shuttered farmhouse. " +
      'Behind it the house leans under a bruised green-grey sky, one upstairs window lit, mist lying low across the long grass. ' +
      'Cold moonlight from behind the house, deep shadow in front; still, heavy, full of dread. ' +
      "The title 'HOLLOW HOUSE' in weathered, cracked serif capitals across the top.",
    placeholders: [],
    settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '2:3', format: 'png' }
  },
  {
    name: 'Documentary portrait',
    purpose: 'An unposed magazine-style portrait of your subject at work.',
    prompt:
      'Documentary portrait for a magazine photo essay. Medium close-up on an 80 mm lens at f/2.8, medium-format colour film. ' +
      '@Character at work in their own workshop, hands busy with the tools of their trade, gaze steady and unposed. ' +
      'A real, lived-in workspace behind them, worn surfaces and materials in soft focus. ' +
      'Soft light from a doorway to one side shows every line of the face and hands; honest, warm, quietly proud.',
    placeholders: [character('the subject of the portrait')],
    settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '3:2', format: 'png' }
  },
  {
    name: 'Storyboard series',
    purpose: 'Four consistent panels of one scene, each beat with its shot first.',
    prompt:
      'Storyboard frames drawn as clean ink line art with flat colour washes, the same character throughout. ' +
      'Scene: a rooftop chase at night. ' +
      'Panel 1: Wide shot, @Character sprints across a wet rooftop under a red warning beacon. ' +
      'Panel 2: Close-up, their boot skids at the edge of the parapet. ' +
      'Panel 3: Low angle shot, a helicopter searchlight sweeps down over them. ' +
      'Panel 4: Medium shot, @Character lands hard on the next roof and rolls into shadow.',
    placeholders: [character('the character in every panel')],
    settings: { model: 'o3', output: 'series', resolution: '2K', aspectRatio: '16:9', format: 'png' },
    count: 4
  },
  {
    name: 'Style transfer',
    purpose: "Redraws one picture in another picture's colour, light and mood.",
    prompt:
      'Restyle @Original with the colour, light and mood of @Style. ' +
      'Keep the framing, the composition and every subject of @Original exactly as they are. ' +
      'From @Style take the colour grade, the quality and direction of the light, the haze and the contrast. ' +
      'A soft bloom on the brightest highlights.',
    placeholders: [
      { token: '@Original', role: 'image', wants: 'the picture to restyle' },
      { token: '@Style', role: 'image', wants: 'the picture whose look to borrow' }
    ],
    settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: 'auto', format: 'png' },
    needs: 'Needs two image frames: select the picture to restyle first, then the one whose look to borrow.'
  }
]

export function startingPoint(name: string): StartingPoint | undefined {
  return STARTING_POINTS.find((p) => p.name === name)
}

export interface FilledPrompt {
  prompt: string
  /** Each placeholder with the frame that took its place. */
  filled: { placeholder: Placeholder; frame: NamedReference }[]
  /** Placeholders no frame was left for: they stay in the prompt as written. */
  left: Placeholder[]
}

/**
 * The starting point's prompt with its placeholders replaced by the selected frames' `@` names: element
 * placeholders take the frames in the element role, image placeholders the others, each in the order the
 * frames are listed (the order their tokens are numbered in). A frame fills one placeholder at most.
 */
export function fillPlaceholders(point: Pick<StartingPoint, 'prompt' | 'placeholders'>, frames: readonly NamedReference[]): FilledPrompt {
  const pools: Record<ReferenceRole, NamedReference[]> = {
    element: frames.filter((f) => f.role === 'element' && aliasOf(f.name) !== ''),
    image: frames.filter((f) => f.role !== 'element' && aliasOf(f.name) !== '')
  }
  const filled: FilledPrompt['filled'] = []
  const left: Placeholder[] = []
  const names = new Map<string, string>()
  for (const placeholder of point.placeholders) {
    const frame = pools[placeholder.role].shift()
    if (frame === undefined) {
      left.push(placeholder)
      continue
    }
    filled.push({ placeholder, frame })
    names.set(placeholder.token.toLowerCase(), `@${aliasOf(frame.name)}`)
  }
  // One pass over every placeholder, so a frame's name that happens to be another placeholder is not replaced again.
  const prompt = names.size === 0 ? point.prompt : point.prompt.replace(placeholderPattern(point.placeholders), (whole: string, before: string, token: string) => {
    const name = names.get(`@${token}`.toLowerCase())
    return name === undefined ? whole : before + name
  })
  return { prompt, filled, left }
}

/** The placeholders still written in `prompt` (the designer may have typed over some). */
export function placeholdersIn(prompt: string, placeholders: readonly Placeholder[]): Placeholder[] {
  if (placeholders.length === 0) return []
  const present = new Set([...prompt.matchAll(placeholderPattern(placeholders))].map((m) => `@${m[2] ?? ''}`.toLowerCase()))
  return placeholders.filter((p) => present.has(p.token.toLowerCase()))
}

/**
 * The composer's "no selected frame is called that" for a placeholder, reworded: nobody has a frame named
 * @Character, so it says what kind of frame to select instead. Other problems pass unchanged.
 */
export function explainPlaceholders(problems: readonly Problem[], placeholders: readonly Placeholder[]): Problem[] {
  return problems.map((problem) => {
    const placeholder = placeholders.find((p) => problem.token !== undefined && p.token.toLowerCase() === problem.token.toLowerCase())
    if (placeholder === undefined) return problem
    // The message says whom or what it stands for, so the fix need not repeat it.
    const select =
      placeholder.role === 'element'
        ? 'Select their frame, its name starting with @ (such as @Mara),'
        : "Select that picture's frame"
    return {
      ...problem,
      message: `${placeholder.token} is a placeholder for ${placeholder.wants}.`,
      fix: `${select} and choose the starting point again; or write ${placeholder.role === 'element' ? 'a name or ' : ''}a description in its place.`
    }
  })
}

function placeholderPattern(placeholders: readonly Placeholder[]): RegExp {
  const alternatives = placeholders.map((p) => p.token.slice(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
  return new RegExp(`(^|[^\\w@])@(${alternatives})(?![\\p{L}\\p{N}_])`, 'giu')
}
