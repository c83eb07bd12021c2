// Offline stand-in for fal's storage and CDN: uploads and rendered results live as files under
// DATA_DIR/offline/files, streamed in and out so memory does not grow with their size. Their names and
// types are kept in files.jsonl beside them, so a restarted proxy still serves every URL it handed out;
// files older than a week are removed at start.
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

import * as z from 'zod/mini'

import { JsonlFile } from '../jsonl-file'

export const FILE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000
const ORPHAN_GRACE_MS = 60 * 60 * 1000

export interface StoredFile {
  id: string
  name: string
  contentType: string
  size: number
  path: string
}

/** A line of files.jsonl: a stored file's name and type, and when it was stored (for the retention). */
const FileRecord = z.looseObject({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number(), at: z.number() })
type FileRecord = z.infer<typeof FileRecord>

export class UploadTooLarge extends Error {}

/** Where an upload's bytes will go: a file id and the name it will be served under. */
export interface FileSlot {
  fileId: string
  name: string
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>()
  private readonly index: JsonlFile<typeof FileRecord>
  private readonly dir: string

  /** `root` is DATA_DIR/offline: bytes go in root/files, their index in root/files.jsonl. */
  constructor(
    root: string,
    private readonly now: () => number = Date.now
  ) {
    this.dir = join(root, 'files')
    mkdirSync(this.dir, { recursive: true })
    this.index = new JsonlFile(join(root, 'files.jsonl'), FileRecord)
    const records = this.index.read()
    const kept: FileRecord[] = []
    for (const r of records) {
      if (!/^[0-9a-f-]{36}$/.test(r.id) || this.now() - r.at >= FILE_RETENTION_MS) continue
      const path = join(this.dir, r.id)
      if (sizeOf(path) !== r.size) continue
      this.files.set(r.id, { id: r.id, name: r.name, contentType: r.contentType, size: r.size, path })
      kept.push(r)
    }
    // Expired, missing or half-written files: forget them, and delete bytes nothing points at (once they
    // are an hour old, so a file another process on this DATA_DIR is writing right now is left alone).
    if (kept.length < records.length) this.index.rewrite(kept)
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name)
      if (!this.files.has(name) && this.now() - (modifiedAt(path) ?? 0) > ORPHAN_GRACE_MS) rmSync(path, { force: true })
    }
  }

  /** A file id and name for an upload to come. Holds no state: who may upload is the upload slots' job. */
  reserve(fileName: string): FileSlot {
    return { fileId: randomUUID(), name: safeName(fileName) }
  }

  async receive(slot: FileSlot, body: ReadableStream<Uint8Array> | null, contentType: string, maxBytes: number): Promise<StoredFile> {
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
    return this.add({ id: slot.fileId, name: slot.name, contentType, size, path })
  }

  async put(bytes: Buffer, contentType: string, name: string): Promise<StoredFile> {
    const id = randomUUID()
    const path = join(this.dir, id)
    await writeFile(path, bytes)
    return this.add({ id, name: safeName(name), contentType, size: bytes.length, path })
  }

  /** A file whose bytes are on disk: indexed only now, so the index never points at half a file. */
  private add(file: StoredFile): StoredFile {
    this.index.append({ id: file.id, name: file.name, contentType: file.contentType, size: file.size, at: this.now() })
    this.files.set(file.id, file)
    return file
  }

  /** True when every one of these stored files is still on disk. */
  hasAll(ids: readonly string[]): boolean {
    return ids.every((id) => {
      const file = this.files.get(id)
      return file !== undefined && sizeOf(file.path) === file.size
    })
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

function modifiedAt(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size
  } catch {
    return undefined
  }
}

export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '').slice(0, 100)
  return cleaned || 'file'
}
