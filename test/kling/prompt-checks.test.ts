// The prompt checks that teach the `@` tokens: a bare `@`, and a reference named without its `@`.
import { describe, expect, it } from 'vitest'

import { composeRequest, type GenerationSettings, type ReferenceSource } from '../../src/kling/compose'
import { plainMentions, writeAsToken } from '../../src/kling/plain-mentions'

const PROMPT = 'Wide establishing shot of a rain-soaked harbour town at dusk, neon reflecting on wet cobblestones.'
const base: GenerationSettings = { model: 'o3', output: 'single', resolution: '1K', aspectRatio: '16:9', format: 'png' }
const ref = (name: string, role: ReferenceSource['role']): ReferenceSource => ({ id: name, name, role, url: `https://example.test/${name}` })
const bare = (prompt: string, references: ReferenceSource[] = []) =>
  composeRequest({ references, textLayers: [], settings: { ...base, prompt } }).warnings.find((w) => w.code === 'bare-at')

describe('a bare @ is flagged with what to do', () => {
  it('at the end of the prompt, naming a selected reference as the example', () => {
    expect(bare(`${PROMPT} @`, [ref('@Mara', 'element')])).toEqual({
      code: 'bare-at',
      field: 'prompt',
      token: '@',
      message: 'The prompt ends with a bare "@".',
      fix: "Type a reference's name (@Mara) after it, or remove the @."
    })
    expect(bare(`${PROMPT} @  \n`)?.fix).toBe("Type a selected frame's name (@Name) after it, or remove the @.")
  })

  it('in the middle, saying where', () => {
    expect(bare(`@ walks into ${PROMPT}`)?.message).toBe('The prompt has a bare "@" before "walks into Wide esta".')
  })

  it('not for a token, an e-mail address, or a prompt with no @', () => {
    expect(bare(`@Mara walks in. ${PROMPT}`, [ref('@Mara', 'element')])).toBeUndefined()
    expect(bare(`Poster for hello@studio.test ${PROMPT}`)).toBeUndefined()
    expect(bare(PROMPT)).toBeUndefined()
  })
})

describe('a reference named in plain words', () => {
  const refs = [{ name: '@Mara', role: 'element' as const }, { name: 'Harbour', role: 'image' as const }]

  it('is found when the prompt never mentions it with an @ (elements only: an image\'s name is often an ordinary word)', () => {
    expect(plainMentions('Mara steps off the ferry at the harbour.', refs)).toEqual([{ alias: 'Mara', index: 0 }])
  })

  it('is not offered once it is mentioned as @Name or by its canonical token, nor inside another word', () => {
    expect(plainMentions('@Mara waves; later Mara sleeps.', refs)).toEqual([])
    expect(plainMentions('@Element1 waves; later Mara sleeps.', refs)).toEqual([])
    expect(plainMentions('Marathon runners at dawn.', refs)).toEqual([])
  })

  it('is rewritten to the token everywhere it appears in plain words, and nowhere else', () => {
    expect(writeAsToken('Mara steps off. mara waves. Marathon. @Mara.', 'Mara')).toBe('@Mara steps off. @Mara waves. Marathon. @Mara.')
  })
})
