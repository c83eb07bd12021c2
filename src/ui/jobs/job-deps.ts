// Everything a job needs from the outside world, passed in so the runner is tested against the real
// offline proxy and a real in-memory document without a browser.
import type { FalClient } from '@fal-ai/client'

import type { MainCalls } from '../../rpc-client'
import type { ProxyMode } from '../money'
import type { CancelRequest } from './cancel-request'
import type { HeldUploads } from './held-uploads'
import type { UploadsInFlight } from './uploads-in-flight'

/** How often a running job asks fal for its status. */
export const POLL_INTERVAL_MS = 500

export interface JobDeps {
  fal: Pick<FalClient, 'queue' | 'storage'>
  /** Cancels a request and says which of fal's answers came back (the client's queue.cancel cannot). */
  cancel: CancelRequest
  main: MainCalls
  /** Where the proxy is, part of the upload cache key (offline and live URLs differ). */
  proxyUrl: string
  /** This session's uploads by export id, so a kept export is not sent again; without it, every reference comes with its bytes. */
  held?: HeldUploads
  /** Uploads running now, shared by jobs sending the same bytes to the same proxy; without it, each job sends its own. */
  uploadsInFlight?: UploadsInFlight
  /** Downloads a result image. */
  download: (url: string) => Promise<Uint8Array>
  /** Makes bytes acceptable to figma.createImage (PNG/JPEG, ≤ 4096 px); `fullSize`: the file's own size when scaled down. */
  normalise: (bytes: Uint8Array) => Promise<{ bytes: Uint8Array; width: number; height: number; fullSize?: { width: number; height: number } }>
  sleep: (ms: number) => Promise<void>
  pollIntervalMs: number
  now: () => Date
  /** The proxy's mode as last read from its usage endpoint (undefined until known): offline money says "would cost … live". */
  mode?: () => ProxyMode | undefined
}
