// A placed V3 image's panel as the selection shows it, for component tests of the panel card's actions.
import type { EndpointInput } from '../../src/kling/endpoints'
import type { PanelSummary } from '../../src/messages'

export const lighthouseInput = { prompt: 'A lighthouse keeper at dusk.', resolution: '1K', aspect_ratio: '3:2', num_images: 1 } satisfies EndpointInput<'fal-ai/kling-image/v3/text-to-image'>

export const lighthousePanel = (over: Partial<PanelSummary> = {}): PanelSummary => ({
  id: '7:3',
  name: 'Image 1',
  number: 1,
  shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', requestId: 'r', prompt: lighthouseInput.prompt, costUsd: 0.028, input: lighthouseInput, index: 1 },
  costUsd: 0.028,
  versions: { count: 1, current: 1 },
  ...over
})
