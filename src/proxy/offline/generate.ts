// What the offline "model" returns for a job: the catalog's output shape, with placeholder images of the
// catalog's nominal size rendered locally and served from this server. Image URLs are kept relative
// (/__offline/files/…) and made absolute with the origin of the call that reads the result, so they stay
// right when the proxy restarts on another port or is reached by another name.
import {
  type AnyEndpointInput,
  ASPECT_RATIOS,
  type AspectRatio,
  billedImageCount,
  ENDPOINTS,
  type EndpointId,
  type ImageFile,
  MODELS,
  nominalOutputSize,
  type OutputFormat,
  panelCaptions,
  parseAspectRatio,
  type Resolution
} from '../../kling'
import type { FileStore } from './file-store'
import { type ReadReference, readReferences, type ReferenceInput } from './reference-images'
import { renderPanel } from './render'
import { renderSlots } from './render-slots'

export const FILES_PATH = '/__offline/files'

/** The seed a job reports, taken from its request id, so a job's placeholders and its result agree. */
export function seedOf(requestId: string): number {
  return parseInt(requestId.slice(0, 6), 16) || 0
}

const CONTENT_TYPES: Record<OutputFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' }

/**
 * Where result images come from instead of the placeholder renderer: the benchmarks serve photographic
 * images of a realistic size and weight with it, as fal returns them. The bytes are stored and served
 * like any other result, so a client still downloads and decodes them.
 */
export type ResultImageSource = (spec: { width: number; height: number; format: OutputFormat; index: number; count: number }) => Promise<{
  bytes: Buffer
  width: number
  height: number
  contentType: string
}>

interface LooseInput extends ReferenceInput {
  prompt: string
  resolution?: Resolution
  aspect_ratio?: AspectRatio | 'auto'
  output_format?: OutputFormat
  num_images?: number
  result_type?: 'single' | 'series'
  series_amount?: number
}

export async function generateImages(
  endpoint: EndpointId,
  request: AnyEndpointInput,
  requestId: string,
  store: FileStore,
  source?: ResultImageSource
): Promise<ImageFile[]> {
  // Every endpoint's input read as one shape: a field an endpoint lacks reads as absent.
  const input: LooseInput = request
  // Each step takes a render slot (render-slots.ts), so other jobs get turns between this one's panels.
  const references = await renderSlots.run(() => readReferences(input, store))
  const format = input.output_format ?? 'png'
  const ratio = input.aspect_ratio === 'auto' || !input.aspect_ratio ? autoRatio(references) : input.aspect_ratio
  const { width, height } = nominalOutputSize(input.resolution ?? '1K', ratio)
  const series = input.result_type === 'series'
  const count = Math.max(1, billedImageCount(input))
  const captions = series ? panelCaptions(input.prompt) : new Map<number, string>()
  const { model, mode } = ENDPOINTS[endpoint]
  const seed = seedOf(requestId)

  const images: ImageFile[] = []
  // One panel at a time: a 4K series of nine is large, and memory matters more here than speed.
  for (let index = 0; index < count; index++) {
    if (source) {
      const made = await source({ width, height, format, index, count })
      const ext = made.contentType === 'image/jpeg' ? 'jpg' : made.contentType.replace('image/', '')
      const file = await store.put(made.bytes, made.contentType, `${requestId.slice(0, 8)}-${index + 1}.${ext}`)
      images.push({ url: `${FILES_PATH}/${file.id}/${file.name}`, width: made.width, height: made.height, content_type: file.contentType, file_name: file.name, file_size: file.size })
      continue
    }
    const bytes = await renderSlots.run(() =>
      renderPanel({
        width,
        height,
        format,
        index,
        count,
        caption: captions.get(index + 1) ?? input.prompt,
        modelLabel: `${MODELS[model].label} ${mode}${series ? ' (series)' : ''}`,
        endpoint,
        references,
        seed
      })
    )
    const name = `${requestId.slice(0, 8)}-${index + 1}.${format === 'jpeg' ? 'jpg' : format}`
    const file = await store.put(bytes, CONTENT_TYPES[format], name)
    images.push({
      url: `${FILES_PATH}/${file.id}/${file.name}`,
      width,
      height,
      content_type: file.contentType,
      file_name: file.name,
      file_size: file.size
    })
  }
  return images
}

/** The images as the result call answers them: absolute URLs on the caller's origin. */
export function withOrigin(images: readonly ImageFile[], origin: string): ImageFile[] {
  return images.map((image) => ({ ...image, url: image.url.startsWith('/') ? `${origin}${image.url}` : image.url }))
}

/** Stored file ids behind relative image URLs, to check the bytes are still there. */
export function storedFileIds(images: readonly ImageFile[]): string[] {
  return images.map((image) => image.url.split('/')[3] ?? '')
}

/** For `auto`, the supported ratio nearest to the first readable reference's shape. */
function autoRatio(references: readonly ReadReference[]): AspectRatio {
  const first = references.find((r) => r.width && r.height)
  if (!first?.width || !first.height) return '1:1'
  const target = Math.log(first.width / first.height)
  return [...ASPECT_RATIOS].sort(
    (a, b) => Math.abs(Math.log(parseAspectRatio(a)) - target) - Math.abs(Math.log(parseAspectRatio(b)) - target)
  )[0] as AspectRatio
}
