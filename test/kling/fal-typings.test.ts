// The catalog held to fal's own generated types (@fal-ai/client, src/types/endpoints.d.ts), at the type
// level: `npx tsc --noEmit -p tsconfig.json` checks these (vitest's expectTypeOf does nothing at run time),
// so an upgrade of @fal-ai/client that adds, drops or changes a field fails the type check.
import type { EndpointTypeMap, File as FalFile } from '@fal-ai/client/endpoints'
import { describe, expectTypeOf, it } from 'vitest'

import type { ElementInput, EndpointId, EndpointInput } from '../../src/kling'

type FalInput<E extends EndpointId> = EndpointTypeMap[E]['input']

/**
 * fal declares image URLs as `string | Blob | File`: its client uploads a Blob first and sends the URL
 * (what the catalog describes). Inside endpoints.d.ts, `File` names fal's own output-file type
 * (`{ url, content_type?, … }`, declared in that file) rather than the DOM's, a quirk of the generator; a URL
 * string is what Kling's endpoints take. Both are set aside; everything else is compared as fal declares it.
 */
type Wire<T> = T extends Blob | FalFile
  ? never
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T]
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>

describe('the catalog has the fields fal declares, no others, with the same optionality and types', () => {
  it('fal-ai/kling-image/v3/text-to-image', () => {
    type E = 'fal-ai/kling-image/v3/text-to-image'
    expectTypeOf<RequiredKeys<EndpointInput<E>>>().toEqualTypeOf<RequiredKeys<FalInput<E>>>()
    expectTypeOf<OptionalKeys<EndpointInput<E>>>().toEqualTypeOf<OptionalKeys<FalInput<E>>>()
    expectTypeOf<EndpointInput<E>>().toEqualTypeOf<Wire<FalInput<E>>>()
  })

  it('fal-ai/kling-image/v3/image-to-image', () => {
    type E = 'fal-ai/kling-image/v3/image-to-image'
    expectTypeOf<RequiredKeys<EndpointInput<E>>>().toEqualTypeOf<RequiredKeys<FalInput<E>>>()
    expectTypeOf<OptionalKeys<EndpointInput<E>>>().toEqualTypeOf<OptionalKeys<FalInput<E>>>()
    expectTypeOf<EndpointInput<E>>().toEqualTypeOf<Wire<FalInput<E>>>()
  })

  it('fal-ai/kling-image/o3/text-to-image', () => {
    type E = 'fal-ai/kling-image/o3/text-to-image'
    expectTypeOf<RequiredKeys<EndpointInput<E>>>().toEqualTypeOf<RequiredKeys<FalInput<E>>>()
    expectTypeOf<OptionalKeys<EndpointInput<E>>>().toEqualTypeOf<OptionalKeys<FalInput<E>>>()
    expectTypeOf<EndpointInput<E>>().toEqualTypeOf<Wire<FalInput<E>>>()
  })

  it('fal-ai/kling-image/o3/image-to-image', () => {
    type E = 'fal-ai/kling-image/o3/image-to-image'
    expectTypeOf<RequiredKeys<EndpointInput<E>>>().toEqualTypeOf<RequiredKeys<FalInput<E>>>()
    expectTypeOf<OptionalKeys<EndpointInput<E>>>().toEqualTypeOf<OptionalKeys<FalInput<E>>>()
    expectTypeOf<EndpointInput<E>>().toEqualTypeOf<Wire<FalInput<E>>>()
  })

  it('an element, as fal declares ElementInput', () => {
    type FalElement = NonNullable<FalInput<'fal-ai/kling-image/o3/text-to-image'>['elements']>[number]
    expectTypeOf<OptionalKeys<ElementInput>>().toEqualTypeOf<OptionalKeys<FalElement>>()
    expectTypeOf<RequiredKeys<ElementInput>>().toEqualTypeOf<never>()
    expectTypeOf<ElementInput>().toEqualTypeOf<Wire<FalElement>>()
  })

  it('the checks above can fail: a field fal lacks, or a required one made optional, is told apart', () => {
    type E = 'fal-ai/kling-image/v3/text-to-image'
    expectTypeOf<EndpointInput<E> & { seed?: number }>().not.toEqualTypeOf<Wire<FalInput<E>>>()
    expectTypeOf<OptionalKeys<Omit<EndpointInput<E>, 'prompt'> & { prompt?: string }>>().not.toEqualTypeOf<OptionalKeys<FalInput<E>>>()
    expectTypeOf<Omit<EndpointInput<E>, 'resolution'> & { resolution?: '1K' | '2K' | '4K' }>().not.toEqualTypeOf<Wire<FalInput<E>>>()
  })
})
