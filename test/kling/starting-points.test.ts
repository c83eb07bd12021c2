// Starting points: each is a request the catalog accepts once its placeholders are frames, and the
// placeholders become the selected frames' `@` names by role, in order, with what is left named.
import { describe, expect, it } from 'vitest'

import { composeRequest, type Problem } from '../../src/kling/compose'
import { seriesParts } from '../../src/kling/prompt-draft'
import { PROMPT_LAYERS, promptLayers } from '../../src/kling/prompt-layers'
import { readShot, SHOT_PATTERNS, switchPattern } from '../../src/kling/shots'
import { aliasOf, type NamedReference } from '../../src/kling/tokens'
import {
  explainPlaceholders,
  fillPlaceholders,
  placeholdersIn,
  STARTING_POINTS,
  startingPoint,
  type StartingPoint
} from '../../src/kling/starting-points'

const GUIDE_EXAMPLES = [
  'Film noir still',
  'Sci-fi concept art',
  'Period drama still',
  'Horror key art',
  'Documentary portrait',
  'Storyboard series',
  'Style transfer'
]

function byName(name: string): StartingPoint {
  const point = startingPoint(name)
  if (!point) throw new Error(`no starting point ${name}`)
  return point
}

describe('the starting points', () => {
  it("are the guide's seven examples, each with a one-line purpose", () => {
    expect(STARTING_POINTS.map((p) => p.name)).toEqual(GUIDE_EXAMPLES)
    for (const point of STARTING_POINTS) {
      expect(point.purpose).toMatch(/^[A-Z].{10,100}\.$/)
      expect(point.purpose).not.toContain('\n')
    }
  })

  it.each(STARTING_POINTS.map((p) => [p.name, p] as const))(
    '%s composes into a valid request, with no lint, once its placeholders are frames',
    (_, point) => {
      const references = point.placeholders.map((p, i) => ({
        id: `ref${i}`,
        name: p.token,
        role: p.role,
        url: `https://keyframe.invalid/${i}`
      }))
      const composed = composeRequest({
        references,
        textLayers: [],
        settings: { ...point.settings, count: point.count, prompt: point.prompt }
      })
      expect(composed.ok ? [] : composed.errors).toEqual([])
      expect(composed.warnings).toEqual([])
      if (!composed.ok) return
      expect(composed.request.input).toMatchObject({ resolution: point.settings.resolution, aspect_ratio: point.settings.aspectRatio })
      expect(composed.request.panels).toHaveLength(point.count ?? 1)
    }
  )

  it('every placeholder is written in its prompt, and only the style transfer needs images before it can go', () => {
    for (const point of STARTING_POINTS) {
      expect(placeholdersIn(point.prompt, point.placeholders)).toEqual(point.placeholders)
    }
    expect(STARTING_POINTS.filter((p) => p.needs !== undefined).map((p) => p.name)).toEqual(['Style transfer'])
    expect(byName('Style transfer').placeholders.every((p) => p.role === 'image')).toBe(true)
  })

  it('the storyboard series is an O3 series whose count is the number of its beats', () => {
    const point = byName('Storyboard series')
    expect(point.settings).toMatchObject({ model: 'o3', output: 'series' })
    expect(point.prompt.match(/Panel \d+:/g)).toHaveLength(point.count ?? 0)
  })

  it("the storyboard series states every panel's shot the way the Shots list reads it", () => {
    // A shot Keyframe's own reader misses shows as "No shot" beside a beat that plainly has one, and a
    // pattern would then write a second shot in front of it.
    const beats = seriesParts(byName('Storyboard series').prompt).beats
    expect(beats.map((b) => readShot(b.text).shot?.type)).toEqual(['Wide', 'Close-up', 'Low angle', 'Medium'])
  })

  it("covers the guide's five layers, so the layers line under the prompt offers nothing to add", () => {
    // The style transfer keeps @Original's framing: it names no shot on purpose.
    for (const point of STARTING_POINTS) {
      const missing = PROMPT_LAYERS.filter((layer) => !promptLayers(point.prompt).has(layer))
      expect({ name: point.name, missing }).toEqual({ name: point.name, missing: point.name === 'Style transfer' ? ['shot'] : [] })
    }
  })

  it('the horror key art asks for its title at a resolution that renders text (no 1K)', () => {
    const point = byName('Horror key art')
    expect(point.prompt).toMatch(/'[A-Z ]+' in .* across the top/)
    expect(point.settings.resolution).not.toBe('1K')
  })
})

const element = (name: string): NamedReference => ({ name, role: 'element' })
const image = (name: string): NamedReference => ({ name, role: 'image' })

describe('fillPlaceholders', () => {
  const drama = byName('Period drama still')
  const transfer = byName('Style transfer')

  it('with no frames, leaves the prompt as written and names every placeholder', () => {
    const result = fillPlaceholders(drama, [])
    expect(result.prompt).toBe(drama.prompt)
    expect(result.filled).toEqual([])
    expect(result.left.map((p) => p.token)).toEqual(['@Lead', '@Partner'])
  })

  it('with fewer frames than placeholders, fills in order and leaves the rest', () => {
    const result = fillPlaceholders(drama, [element('@Mara')])
    expect(result.prompt).toContain('@Mara in a sequinned drop-waist dress and @Partner in evening tails')
    expect(result.left.map((p) => p.token)).toEqual(['@Partner'])
  })

  it('with as many frames as placeholders, fills each one everywhere it is written', () => {
    const result = fillPlaceholders(transfer, [image('Harbour photo'), image('Moodboard')])
    expect(result.left).toEqual([])
    expect(result.prompt).toBe(transfer.prompt.replaceAll('@Original', '@Harbour photo').replaceAll('@Style', '@Moodboard'))
    expect(result.filled.map((f) => [f.placeholder.token, f.frame.name])).toEqual([
      ['@Original', 'Harbour photo'],
      ['@Style', 'Moodboard']
    ])
  })

  it('with more frames than placeholders, uses the first ones of the right role', () => {
    const series = byName('Storyboard series')
    const result = fillPlaceholders(series, [image('Rooftop'), element('@Mara'), element('@Theo')])
    expect(result.prompt.match(/@Mara/g)).toHaveLength(2)
    expect(result.prompt).not.toContain('@Theo')
    expect(result.prompt).not.toContain('@Rooftop')
    expect(result.left).toEqual([])
  })

  it('elements fill person placeholders and never image ones, and the other way round', () => {
    const drama2 = fillPlaceholders(drama, [image('Ballroom'), image('Street')])
    expect(drama2.prompt).toBe(drama.prompt)
    expect(drama2.left).toHaveLength(2)
    const transfer2 = fillPlaceholders(transfer, [element('@Mara'), image('Harbour')])
    expect(transfer2.prompt).toContain('Restyle @Harbour with')
    expect(transfer2.left.map((p) => p.token)).toEqual(['@Style'])
  })

  it("a frame whose name is another placeholder's is not replaced again", () => {
    const result = fillPlaceholders(transfer, [image('Style'), image('Original')])
    expect(result.prompt).toMatch(/^Restyle @Style with the colour, light and mood of @Original\./)
  })

  it('a filled prompt composes with the frames it names', () => {
    const series = byName('Storyboard series')
    const frames = [{ id: 'm', name: '@Mara', role: 'element' as const, url: 'https://keyframe.invalid/m' }]
    const { prompt } = fillPlaceholders(series, frames)
    const composed = composeRequest({ references: frames, textLayers: [], settings: { ...series.settings, count: series.count, prompt } })
    expect(composed.ok).toBe(true)
    if (composed.ok) expect(composed.request.input.prompt).toContain('Panel 1: Wide shot, @Element1 sprints')
    expect(aliasOf('@Mara')).toBe('Mara')
  })
})

describe('the Storyboard series starting point and shots', () => {
  const series = byName('Storyboard series')
  const frames = [{ id: 'm', name: '@Mara', role: 'element' as const, url: 'https://keyframe.invalid/m' }]
  const { prompt } = fillPlaceholders(series, frames)

  it('every panel has the shot its beat starts with, and no caption keeps the shot words', () => {
    const composed = composeRequest({ references: frames, textLayers: [], settings: { ...series.settings, count: series.count, prompt } })
    if (!composed.ok) throw new Error(JSON.stringify(composed.errors))
    expect(composed.request.panels.map((p) => p.shot?.type)).toEqual(['Wide', 'Close-up', 'Low angle', 'Medium'])
    for (const panel of composed.request.panels) expect(panel.caption).not.toMatch(/^(wide|close|low|high|medium)/i)
  })

  it('applying a shot pattern gives no beat a second shot', () => {
    for (const pattern of SHOT_PATTERNS) {
      const beats = switchPattern(seriesParts(prompt).beats.map((b) => b.text), undefined, pattern)
      expect(beats).toEqual(seriesParts(prompt).beats.map((b) => b.text))
      for (const beat of beats) expect(readShot(readShot(beat).text).shot, beat).toBeUndefined()
    }
  })
})

describe('placeholdersIn and explainPlaceholders', () => {
  const series = byName('Storyboard series')

  it('finds only the placeholders still written, whatever their case', () => {
    expect(placeholdersIn('Panel 1: @character runs.', series.placeholders)).toHaveLength(1)
    expect(placeholdersIn('Panel 1: @Mara runs. @Characters', series.placeholders)).toEqual([])
  })

  it('says what frame a placeholder wants instead of asking for a frame called @Character', () => {
    const composed = composeRequest({ references: [], textLayers: [], settings: { ...series.settings, count: series.count, prompt: series.prompt } })
    expect(composed.ok).toBe(false)
    const errors = composed.ok ? [] : composed.errors
    const [explained] = explainPlaceholders(errors, series.placeholders)
    expect(explained).toMatchObject({
      field: 'prompt',
      token: '@Character',
      message: '@Character is a placeholder for the character in every panel.'
    })
    expect(explained!.fix).toBe('Select their frame, its name starting with @ (such as @Mara), and choose the starting point again; or write a name or a description in its place.')
    const transfer = byName('Style transfer')
    const [style] = explainPlaceholders([{ field: 'prompt', token: '@Style', message: 'm', fix: 'f' }], transfer.placeholders)
    expect(style).toMatchObject({
      message: '@Style is a placeholder for the picture whose look to borrow.',
      fix: "Select that picture's frame and choose the starting point again; or write a description in its place."
    })
    const other: Problem = { field: 'prompt', token: '@Nobody', message: 'm', fix: 'f' }
    expect(explainPlaceholders([other], series.placeholders)).toEqual([other])
  })
})
