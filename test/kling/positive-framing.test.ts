import { describe, expect, it } from 'vitest'

import {
  appendPhrases,
  applyReplacement,
  moveNegativePrompt,
  negativeAsks,
  negativePhrasingLints,
  negativePromptLint
} from '../../src/kling/positive-framing'

/** Each ask's replacement applied the way the panel's Replace button does. */
function replaced(prompt: string): string {
  const [lint] = negativePhrasingLints(prompt)
  if (lint?.action?.kind !== 'replace') throw new Error(`no Replace for ${prompt}`)
  return applyReplacement(prompt, lint.action)
}

describe('negativeAsks', () => {
  it('finds no / without / avoid / not / non- asks and offers the guide’s positive phrasing', () => {
    expect(negativeAsks('A portrait, no blur')).toEqual([{ text: 'no blur', at: 12, term: 'blur', replacement: 'crystal sharp focus' }])
    expect(negativeAsks('without any watermark')[0]?.replacement).toBe('with a clean frame free of marks')
    expect(negativeAsks('Avoid grain.')[0]?.replacement).toBe('A clean, smooth image')
    expect(negativeAsks('not blurry')[0]?.replacement).toBe('crystal sharp focus')
    expect(negativeAsks('non-blurry')[0]?.term).toBe('blurry')
    expect(negativeAsks('no motion blur')[0]?.term).toBe('motion blur')
    expect(negativeAsks('a beach with no people')[0]?.replacement).toBe('empty and deserted')
    // "without" + an adjective would not read: the adjective stands alone.
    expect(negativeAsks('a street without people')[0]?.replacement).toBe('empty and deserted')
  })

  it('"avoiding" describes what a character does, not what to leave out', () => {
    expect(negativeAsks('Mara waits, avoiding his eyes')).toEqual([])
  })

  it('phrases "no text" so it reads right on a sign as well as for the whole frame', () => {
    expect(replaced('A shop sign with no text, rain')).toBe('A shop sign with plain, unlettered surfaces, rain')
    expect(replaced('A quiet street, without lettering')).toBe('A quiet street, with plain, unlettered surfaces')
  })

  it('names an unknown thing without offering a replacement', () => {
    expect(negativeAsks('no clouds')).toEqual([{ text: 'no clouds', at: 0, term: 'clouds' }])
    const [lint] = negativePhrasingLints('A field, no clouds')
    expect(lint?.fix).toBe('Describe what should be there instead of clouds.')
    expect(lint?.action).toBeUndefined()
  })

  it('leaves words that only look negative alone', () => {
    for (const prompt of [
      'no one in sight',
      'nothing moves',
      'I know the place',
      'notice the sign',
      'Nova, the pilot',
      'nobody',
      'a man, not yet old',
      'no longer young',
      'a street without any',
      'innovation'
    ]) {
      expect(negativeAsks(prompt), prompt).toEqual([])
    }
  })

  it("leaves quoted lettering alone: a poster's title is copied exactly, not rephrased", () => {
    // As Keyframe writes rendered text (rendered-text.ts quotes with ', " or ‘’ by what the text holds).
    for (const prompt of [
      "A ferry at night. The title 'WITHOUT YOU' in elegant serif capitals at the top.",
      "The title 'NO WAY HOME' in sans-serif.",
      'The tagline "NO ONE\'S COMING" across the bottom third.',
      'The title ‘DON\'T SAY "NO BLUR"’ at the top.'
    ]) {
      expect(negativeAsks(prompt), prompt).toEqual([])
    }
    // Outside the quotes, the same words are still asks; an apostrophe inside a word opens no quote.
    expect(negativeAsks("The title 'NIGHT FERRY' at the top, no blur").map((a) => a.text)).toEqual(['no blur'])
    expect(negativeAsks("the child's swing, no people, Mara's coat").map((a) => a.text)).toEqual(['no people'])
  })
})

describe('negativeAsks and quoted text', () => {
  it('leaves the words of a quoted title alone: they are lettering, not asks', () => {
    for (const prompt of [
      "The title 'NO PEOPLE' in bold sans-serif at the top.",
      "The title 'NO TIME TO DIE' across the centre.",
      'The tagline "No Man\'s Land" at the top.',
      "The title 'WITHOUT A TRACE' at the top.",
      'A sign reading ‘NO LOGO’ and “AVOID NOISE”.'
    ]) {
      expect(negativeAsks(prompt), prompt).toEqual([])
      expect(negativePhrasingLints(prompt), prompt).toEqual([])
    }
  })

  it('still finds an ask outside the quotes, and its Replace leaves the title as typed', () => {
    const prompt = "A harbour, no people. The title 'NO PEOPLE' at the top."
    expect(negativeAsks(prompt).map((a) => a.text)).toEqual(['no people'])
    expect(replaced(prompt)).toBe("A harbour, empty and deserted. The title 'NO PEOPLE' at the top.")
  })

  it('never lets a term take a closing quote with it', () => {
    // An unclosed quote is not a span, so the ask is found, but it stops at the word.
    expect(negativeAsks("and 'without traces'")).toEqual([])
    expect(negativeAsks("a stray without traces' mark")[0]?.text).toBe('without traces')
    expect(negativeAsks("no Man's land")[0]?.term).toBe("Man's")
  })
})

describe('applyReplacement', () => {
  it('swaps exactly the phrase at the start, middle and end, keeping punctuation', () => {
    expect(replaced('No blur, a fox at dusk.')).toBe('Crystal sharp focus, a fox at dusk.')
    expect(replaced('A fox, no blur, at dusk.')).toBe('A fox, crystal sharp focus, at dusk.')
    expect(replaced('A fox at dusk, no blur.')).toBe('A fox at dusk, crystal sharp focus.')
    expect(replaced('A fox at dusk (no blur)')).toBe('A fox at dusk (crystal sharp focus)')
    expect(replaced('A fox at dusk; no blur!')).toBe('A fox at dusk; crystal sharp focus!')
  })

  it('finds the phrase again when the text moved, and changes nothing when it is gone', () => {
    const change = { from: 'no blur', to: 'crystal sharp focus', at: 6 }
    expect(applyReplacement('  A fox no blur', change)).toBe('  A fox crystal sharp focus')
    expect(applyReplacement('no blur, a fox, no blur', { ...change, at: 16 })).toBe('no blur, a fox, crystal sharp focus')
    expect(applyReplacement('A fox', change)).toBe('A fox')
  })

  it('reports the same words once', () => {
    expect(negativePhrasingLints('no blur, a fox, no blur')).toHaveLength(1)
  })
})

describe('negative prompt into the prompt', () => {
  it('splits known terms from unknown ones', () => {
    expect(moveNegativePrompt('blurry, low quality, deformed, watermark and grain, cats')).toEqual({
      phrases: ['crystal sharp focus', 'high-quality professional photography', 'anatomically correct proportions', 'a clean frame free of marks', 'a clean, smooth image'],
      unknown: ['cats']
    })
  })

  it('offers Move into prompt that appends the phrasings and keeps the unknown terms', () => {
    const lint = negativePromptLint('blurry, cats', 'A fox at dusk')
    expect(lint.action).toEqual({ kind: 'set-prompts', label: 'Move into prompt', prompt: 'A fox at dusk. Crystal sharp focus.', negativePrompt: 'cats' })
    expect(lint.fix).toContain('"cats" stays here')
  })

  it('offers nothing to move when no term is known', () => {
    const lint = negativePromptLint('cats, dogs', 'A fox')
    expect(lint.action).toBeUndefined()
    expect(lint.fix).toBe('Describe in the prompt what should be there instead of "cats", "dogs", then clear this field.')
  })

  it('appends as one closing sentence', () => {
    expect(appendPhrases('A fox.', ['crystal sharp focus', 'a clean, smooth image'])).toBe('A fox. Crystal sharp focus, a clean, smooth image.')
    expect(appendPhrases('', ['crystal sharp focus'])).toBe('Crystal sharp focus.')
    expect(appendPhrases('A fox', [])).toBe('A fox')
  })
})
