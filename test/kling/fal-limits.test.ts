// The catalog's enums, defaults and limits against what fal's generated typings state, read from the
// installed @fal-ai/client (test/kling/fal-endpoint-docs.ts), in both directions: every constraint fal states
// is the catalog's, and every constraint the catalog has is fal's, or is listed below with the reason
// it differs. An upgrade that changes a limit, or starts stating one listed here, fails this test.
import * as z from 'zod/mini'
import { describe, expect, it } from 'vitest'

import {
  ENDPOINT_IDS,
  ENDPOINTS,
  MAX_REFERENCE_ASPECT,
  MAX_REFERENCE_BYTES,
  MIN_REFERENCE_ASPECT,
  MIN_REFERENCE_SIDE_PX
} from '../../src/kling'
import { catalogConstraints, type Constraints, falConstraints, falFields, falImageRules, inputTypeName } from './fal-endpoint-docs'

/** Where the catalog is stricter than fal's typings on purpose. fal states none of these (value: undefined). */
const DELIBERATE: Record<string, { catalog: unknown; why: string }> = {
  'prompt.minLength': {
    catalog: 1,
    why: 'an empty prompt gives Kling nothing to draw; refusing it before submit saves a paid request'
  },
  'elements.maxItems': {
    catalog: 10,
    why: 'Kling counts elements and reference images together, at most 10 (Kling image API; DESIGN.md); fal states no maximum, and without one 150,000 elements passed (issue #12)'
  },
  'elements.items.frontal_image_url.minLength': { catalog: 1, why: 'an empty string is not an image URL' },
  'elements.items.reference_image_urls.items.minLength': { catalog: 1, why: 'an empty string is not an image URL' },
  'image_url.minLength': { catalog: 1, why: 'an empty string is not an image URL' },
  'image_urls.items.minLength': { catalog: 1, why: 'an empty string is not an image URL' },
  'image_urls.minItems': {
    catalog: 1,
    why: 'image_urls is required by fal, but with no image the request is text-to-image; the composer sends those to the text-to-image endpoint'
  }
}

function catalogOf(endpoint: (typeof ENDPOINT_IDS)[number]): Constraints {
  return catalogConstraints(z.toJSONSchema(ENDPOINTS[endpoint].input, { io: 'input' }) as Parameters<typeof catalogConstraints>[0])
}

describe.each(ENDPOINT_IDS)('%s against fal\'s typings', (endpoint) => {
  const typeName = inputTypeName(endpoint)
  const fal = falConstraints(typeName)
  const catalog = catalogOf(endpoint)

  it('fal states enums, defaults and limits here (the reader found them)', () => {
    // Guards the reader itself: if the JSDoc wording changed and nothing was parsed, the checks below
    // would pass vacuously.
    expect(Object.keys(fal)).toEqual(
      expect.arrayContaining(['prompt.maxLength', 'num_images.maximum', 'output_format.enum', 'resolution.default', 'elements.items.reference_image_urls.maxItems'])
    )
  })

  it('every constraint fal states is the catalog\'s, with the same value', () => {
    for (const [key, value] of Object.entries(fal)) {
      expect({ key, catalog: catalog[key] }).toEqual({ key, catalog: value })
    }
  })

  it('every constraint the catalog has is fal\'s, or a named deliberate difference', () => {
    for (const [key, value] of Object.entries(catalog)) {
      if (key in fal) continue
      const deliberate = DELIBERATE[key]
      expect({ key, undocumented: deliberate === undefined }).toEqual({ key, undocumented: false })
      expect({ key, catalog: value }).toEqual({ key, catalog: deliberate?.catalog })
    }
  })
})

describe('the deliberate differences', () => {
  it('each is still a difference (fal states none of them) and still in the catalog', () => {
    const fal = Object.assign({}, ...ENDPOINT_IDS.map((e) => falConstraints(inputTypeName(e)))) as Constraints
    const catalog = Object.assign({}, ...ENDPOINT_IDS.map(catalogOf)) as Constraints
    for (const [key, { catalog: value, why }] of Object.entries(DELIBERATE)) {
      expect({ key, fal: fal[key] }).toEqual({ key, fal: undefined })
      expect({ key, catalog: catalog[key] }).toEqual({ key, catalog: value })
      expect(why.length).toBeGreaterThan(10)
    }
  })
})

describe('reference image rules against fal\'s image_url', () => {
  it('size, side and aspect limits are the ones fal states on V3 image-to-image image_url', () => {
    const field = falFields(inputTypeName('fal-ai/kling-image/v3/image-to-image')).find((f) => f.name === 'image_url')
    expect(field?.required).toBe(true)
    const rules = falImageRules(field!)
    expect(rules).toEqual({
      'Max file size': MAX_REFERENCE_BYTES / 1024 / 1024, // fal writes "10.0MB"; read as 10 × 2^20 bytes (inferred)
      'Min width': MIN_REFERENCE_SIDE_PX,
      'Min height': MIN_REFERENCE_SIDE_PX,
      'Min aspect ratio': Number(MIN_REFERENCE_ASPECT.toFixed(2)),
      'Max aspect ratio': MAX_REFERENCE_ASPECT
    })
  })
})
