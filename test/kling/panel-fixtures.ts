// A placed V3 single image's record, as the requests made from a panel's image (Finalize, Formats) read it.
import type { EndpointInput } from '../../src/kling/endpoints'

export const SINGLE_IMAGE_INPUT = {
  prompt: 'A lighthouse keeper at dusk, rain on the glass.',
  resolution: '1K',
  aspect_ratio: '3:2',
  output_format: 'jpeg',
  num_images: 1
} satisfies EndpointInput<'fal-ai/kling-image/v3/text-to-image'>
