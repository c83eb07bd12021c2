// How the offline stand-in for fal's CDN serves a stored file: only as the image type its bytes are, and
// never as something a browser would run. Uploads are sniffed on the way in (uploads/image-body.ts), but
// files kept from before that (a DATA_DIR keeps them a week) or written another way are not trusted for
// it: the first bytes are read again here, whatever type the file was stored under. The proxy's origin
// answers CORS `*`, so an HTML or SVG file served inline from it could script its way to every route.
import { open } from 'node:fs/promises'

import { IMAGE_TYPES_TEXT, SNIFF_BYTES, sniffImageType } from '../uploads/image-types'
import type { StoredFile } from './file-store'

export type ServedFile = { ok: true; headers: Record<string, string> } | { ok: false; response: Response }

export async function servedFile(file: StoredFile): Promise<ServedFile> {
  const type = sniffImageType(await head(file.path))
  if (!type) {
    return {
      ok: false,
      response: Response.json({ detail: `This file is not a ${IMAGE_TYPES_TEXT} image, so the proxy does not serve it.` }, { status: 403 })
    }
  }
  return {
    ok: true,
    headers: {
      'content-type': type,
      'content-length': String(file.size),
      'cache-control': 'public, max-age=3600',
      // The browser must take the type as given, and treat the file as a sandboxed, script-less document
      // should it ever be opened as one.
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox'
    }
  }
}

async function head(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buffer = new Uint8Array(SNIFF_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
