// The file store keeps the storage contract (conformance.ts), on a temp directory: reopening it on the
// same directory is a restart.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { openFileStore } from '../../../src/proxy/store/files/file-store'
import { describeStoreConformance } from './conformance'

describeStoreConformance('file', {
  shared: false,
  backing: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyframe-file-store-'))
    return {
      open: (clock) => openFileStore(dir, { now: clock }),
      dispose: async () => rmSync(dir, { recursive: true, force: true })
    }
  }
})
