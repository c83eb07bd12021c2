// The catalog's own English (src/kling/zod-messages.ts) says word for word what zod's `en` locale says, for
// every issue the catalog's schemas raise on a spread of wrong inputs; and the wrong inputs reach every
// kind of issue it words itself.
import { en } from 'zod/locales'
import { describe, expect, it } from 'vitest'

import { ENDPOINTS } from '../../src/kling/endpoints'
import { klingOutputSchema } from '../../src/kling/schemas'

const base = { prompt: 'a lighthouse at dusk' }
const image = 'https://v3.fal.media/files/a.png'

const WRONG_INPUTS: Record<string, unknown>[] = [
  {},
  { prompt: 7 },
  { prompt: null },
  { ...base, num_images: 0 },
  { ...base, num_images: 10 },
  { ...base, num_images: 1.5 },
  { ...base, num_images: Number.NaN },
  { ...base, num_images: Number.POSITIVE_INFINITY },
  { ...base, num_images: '2' },
  { ...base, series_amount: 1 },
  { ...base, series_amount: 10 },
  { ...base, resolution: '8K' },
  { ...base, aspect_ratio: 'square' },
  { ...base, output_format: 'gif' },
  { ...base, result_type: 'many' },
  { ...base, sync_mode: 'yes' },
  { ...base, seed: 3 },
  { ...base, seed: 3, style: 'noir' },
  { ...base, negative_prompt: 4 },
  { ...base, elements: 'none' },
  { ...base, elements: [{ frontal_image_url: 5 }] },
  { ...base, elements: [{ frontal_image_url: image, extra: true }] },
  { ...base, elements: [{ reference_image_urls: [image, image, image, image] }] },
  { ...base, image_url: 3 },
  { ...base, image_url: '' },
  { ...base, image_urls: [] },
  { ...base, image_urls: image },
  { ...base, image_urls: [image, 4, new Date(0)] }
]

const WRONG_OUTPUTS: unknown[] = [
  null,
  [],
  { images: 'x' },
  { images: [{}] },
  { images: [{ url: '' }] },
  { images: [{ url: image, width: 0, height: -1, file_size: -1 }] },
  { images: [{ url: image, width: 1.5, content_type: 3 }] }
]

type Parse = { safeParse: (value: unknown, params?: { error: unknown }) => { success: boolean; error?: { issues: { code: string; message: string }[] } } }

function messages(schema: Parse, value: unknown, params?: { error: unknown }) {
  const result = schema.safeParse(value, params)
  return result.success ? [] : result.error!.issues.map((issue) => ({ code: issue.code, message: issue.message }))
}

describe("the catalog's zod messages", () => {
  const cases: [string, Parse, unknown][] = [
    ...Object.entries(ENDPOINTS).flatMap(([endpoint, { input }]) => WRONG_INPUTS.map((value): [string, Parse, unknown] => [endpoint, input as unknown as Parse, value])),
    ...WRONG_OUTPUTS.map((value): [string, Parse, unknown] => ['output', klingOutputSchema as unknown as Parse, value])
  ]

  it("are zod's English ones, word for word", () => {
    for (const [what, schema, value] of cases) {
      const ours = messages(schema, value)
      // A parse's own error map comes before the configured locale: this is what `en` says.
      const english = messages(schema, value, { error: en().localeError })
      expect({ what, value, issues: ours }).toEqual({ what, value, issues: english })
    }
  })

  it('cover every kind of issue they word, and are never the bare fallback', () => {
    const seen = new Set<string>()
    for (const [, schema, value] of cases) {
      for (const { code, message } of messages(schema, value)) {
        seen.add(code)
        expect(message).not.toBe('Invalid input')
      }
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['invalid_type', 'invalid_value', 'too_big', 'too_small', 'unrecognized_keys']))
  })
})
