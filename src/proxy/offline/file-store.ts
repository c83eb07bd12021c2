// Offline stand-in for fal's storage and CDN: uploads and rendered results live as files under
// DATA_DIR, streamed in and out so memory does not grow with their size.
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

export interface StoredFile {
  id: string
  name: string
  contentType: string
  size: number
  path: string
}

export class UploadTooLarge extends Error {}

export class FileStore {
  private readonly files = new Map<string, StoredFile>()
  private readonly uploads = new Map<string, { fileId: string; name: string; contentType: string }>()

  constructor(readonly dir: string) {}

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }

  /** Reserves an upload slot; the random ids act as the signature fal puts in its upload URLs. */
  initiate(contentType: string, fileName: string): { uploadId: string; fileId: string; name: string } {
    const uploadId = randomUUID()
    const fileId = randomUUID()
    const name = safeName(fileName)
    this.uploads.set(uploadId, { fileId, name, contentType })
    return { uploadId, fileId, name }
  }

  hasUpload(uploadId: string): boolean {
    return this.uploads.has(uploadId)
  }

  async receive(uploadId: string, body: ReadableStream<Uint8Array> | null, contentType: string | undefined, maxBytes: number): Promise<StoredFile> {
    const slot = this.uploads.get(uploadId)
    if (!slot) throw new Error('unknown upload')
    const path = join(this.dir, slot.fileId)
    let size = 0
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length
        if (size > maxBytes) done(new UploadTooLarge(`upload is larger than ${maxBytes} bytes`))
        else done(null, chunk)
      }
    })
    const source = body ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from([])
    try {
      await pipeline(source, counter, createWriteStream(path))
    } catch (error) {
      await rm(path, { force: true })
      throw error
    }
    this.uploads.delete(uploadId)
    const file = { id: slot.fileId, name: slot.name, contentType: contentType || slot.contentType, size, path }
    this.files.set(file.id, file)
    return file
  }

  async put(bytes: Buffer, contentType: string, name: string): Promise<StoredFile> {
    const id = randomUUID()
    const path = join(this.dir, id)
    await writeFile(path, bytes)
    const file = { id, name: safeName(name), contentType, size: bytes.length, path }
    this.files.set(id, file)
    return file
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id)
  }

  read(file: StoredFile): Promise<Buffer> {
    return readFile(file.path)
  }

  stream(file: StoredFile): ReadableStream<Uint8Array> {
    return Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>
  }

  /** The stored file a URL points at, if it is one of ours (any host: the plugin may use another name for us). */
  fromUrl(url: string): StoredFile | undefined {
    const match = /\/__offline\/files\/([0-9a-f-]{36})\//.exec(url)
    return match ? this.files.get(match[1] as string) : undefined
  }
}

export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '').slice(0, 100)
  return cleaned || 'file'
}
