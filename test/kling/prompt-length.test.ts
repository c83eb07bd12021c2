import { describe, expect, it } from 'vitest'

import { composeRequest } from '../../src/kling/compose'
import { validateInput } from '../../src/kling/endpoints'
import { MAX_PROMPT_CHARS, promptLength } from '../../src/kling/prompt-length'

const EMOJI = '🎬' // one code point, two UTF-16 units
const settings = (prompt: string) => ({ model: 'o3' as const, output: 'single' as const, resolution: '1K' as const, aspectRatio: '16:9' as const, format: 'png' as const, prompt })

describe('prompt length is counted in code points, as fal counts', () => {
  it('counts an emoji once and a combining accent as its own code point', () => {
    expect(EMOJI.length).toBe(2)
    expect(promptLength(EMOJI)).toBe(1)
    expect(promptLength('e\u0301')).toBe(2)
    expect(promptLength('')).toBe(0)
  })

  it('accepts 2,500 emoji (5,000 UTF-16 units) in the composer and the schema', () => {
    const prompt = EMOJI.repeat(MAX_PROMPT_CHARS)
    const composed = composeRequest({ references: [], textLayers: [], settings: settings(prompt) })
    expect(composed.ok ? [] : composed.errors.filter((e) => e.field === 'prompt')).toEqual([])
    expect(validateInput('fal-ai/kling-image/o3/text-to-image', { prompt })).toMatchObject({ ok: true })
  })

  it('refuses 2,501 emoji with the count in code points, in the composer and the schema', () => {
    const prompt = EMOJI.repeat(MAX_PROMPT_CHARS + 1)
    const composed = composeRequest({ references: [], textLayers: [], settings: settings(prompt) })
    expect(composed.ok).toBe(false)
    expect(composed.ok ? '' : composed.errors.find((e) => e.field === 'prompt')?.message).toBe(
      'The prompt is 2,501 characters; Kling reads at most 2,500.'
    )
    const checked = validateInput('fal-ai/kling-image/o3/text-to-image', { prompt })
    expect(checked.ok ? [] : checked.detail.map((d) => d.loc)).toEqual([['body', 'prompt']])
  })
})
