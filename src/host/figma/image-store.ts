// Image handles: what figma.createImage / getImageByHash return, and where export finds fill bytes.
import { sha1Hex } from './sha1'
import { endsWhole, readImageInfo, type ImageInfo } from '../../image-info'
import { asFigmaApi } from './strict'
import { isUint8Array } from './realm'
import { traced } from './trace'

export const MAX_IMAGE_SIDE = 4096

interface StoredImage {
  bytes: Uint8Array
  info: ImageInfo
  handle: Image
}

class ImageImpl {
  constructor(private readonly _store: ImageStore, private readonly _hash: string) {}
  get hash(): string {
    return this._hash
  }
  async getBytesAsync(): Promise<Uint8Array> {
    return this._store.bytes(this._hash)!.slice()
  }
  async getSizeAsync(): Promise<{ width: number; height: number }> {
    const { width, height } = this._store.info(this._hash)!
    return { width, height }
  }
}

export class ImageStore {
  private readonly images = new Map<string, StoredImage>()

  /** Figma's createImage: validates format and size synchronously, dedupes by content hash. */
  create(data: Uint8Array): Image {
    return traced('createImage', () => this.createNow(data))
  }

  private createNow(data: Uint8Array): Image {
    if (!isUint8Array(data)) throw new Error('in createImage: Expected a Uint8Array')
    const info = readImageInfo(data)
    if (!info) throw new Error('in createImage: Image type is unsupported')
    if (info.width < 1 || info.height < 1) throw new Error('in createImage: Image is too small')
    if (info.width > MAX_IMAGE_SIDE || info.height > MAX_IMAGE_SIDE) {
      throw new Error(`in createImage: Image is too large (${info.width}×${info.height}; at most ${MAX_IMAGE_SIDE} px a side)`)
    }
    // Figma: "Invalid images will throw an error" (developers.figma.com, figma.createImage; plugin-api.d.ts
    // line 1740). Which damaged bodies it refuses is not documented (inferred): Figma decodes the image, so
    // one cut short cannot pass there, and the stand-in, which does not decode, refuses it by its end.
    if (!endsWhole(data, info.format)) throw new Error(`in createImage: Image is corrupt (the ${info.format} file is cut short or damaged)`)
    const hash = traced('createImage: hash', () => sha1Hex(data))
    const existing = this.images.get(hash)
    if (existing) return existing.handle
    const handle = asFigmaApi<Image>(new ImageImpl(this, hash), { label: () => 'Image' })
    this.images.set(hash, { bytes: data.slice(), info, handle })
    return handle
  }

  get(hash: string): Image | null {
    return this.images.get(hash)?.handle ?? null
  }

  has(hash: string): boolean {
    return this.images.has(hash)
  }

  bytes(hash: string): Uint8Array | undefined {
    return this.images.get(hash)?.bytes
  }

  info(hash: string): ImageInfo | undefined {
    return this.images.get(hash)?.info
  }
}
