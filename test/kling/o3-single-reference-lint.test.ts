// "O3 image-to-image with one reference does what V3 does": true only when V3 could make the same request.
import { describe, expect, it } from 'vitest'

import { composeRequest, type GenerationSettings, type ReferenceSource } from '../../src/kling/compose'

const PROMPT = 'Wide establishing shot of a rain-soaked harbour town at dusk, neon reflecting on wet cobblestones.'
const base: GenerationSettings = { model: 'o3', output: 'single', resolution: '1K', aspectRatio: '16:9', format: 'png', prompt: PROMPT }
const ref = (name: string, role: ReferenceSource['role']): ReferenceSource => ({ id: name, name, role, url: `https://example.test/${name}` })

function lintCodes(references: ReferenceSource[], over: Partial<GenerationSettings>): string[] {
  const c = composeRequest({ references, textLayers: [], settings: { ...base, ...over } })
  return c.warnings.map((w) => w.code)
}

describe('o3-single-reference fires only when V3 could do the same job', () => {
  it('fires for one image, single output, options V3 has', () => {
    expect(lintCodes([ref('Town', 'image')], {})).toContain('o3-single-reference')
    expect(lintCodes([ref('Town', 'image')], { output: 'variations', count: 3, resolution: '2K' })).toContain('o3-single-reference')
  })

  it.each([
    ['in Series (V3 has no series)', [ref('Town', 'image')], { output: 'series' as const, count: 3, prompt: `Style. Panel 1: a. Panel 2: b. Panel 3: c. ${PROMPT}` }],
    ['with an element (V3 takes none)', [ref('Town', 'image'), ref('@Mara', 'element')], { prompt: `@Image1 with @Mara. ${PROMPT}` }],
    ['at 4K (V3 stops at 2K)', [ref('Town', 'image')], { resolution: '4K' as const }],
    ['with aspect ratio Auto (O3 only)', [ref('Town', 'image')], { aspectRatio: 'auto' as const }]
  ])('stays quiet %s', (_name, references, over) => {
    expect(lintCodes(references, over)).not.toContain('o3-single-reference')
  })
})
