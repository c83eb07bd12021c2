// The real-world dependencies of a job in the plugin's iframe.
import type { ProxySettings } from '../../messages'
import { connectToProxy } from '../fal-client'
import { mainCalls } from '../../rpc'
import type { ProxyMode } from '../money'
import { normaliseImage } from '../normalise-image'
import { cancelThroughProxy } from './cancel-request'
import { HeldUploads } from './held-uploads'
import { type JobDeps, POLL_INTERVAL_MS } from './job-deps'
import { UploadsInFlight } from './uploads-in-flight'
import { downloadImage } from './place-results'

/** One per UI session: every job's references are known by the exports this session uploaded. */
const held = new HeldUploads()
/** One per UI session too: formats or looks started together upload their shared image once. */
const uploadsInFlight = new UploadsInFlight()

export function browserJobDeps(proxy: ProxySettings, mode?: () => ProxyMode | undefined): JobDeps {
  return {
    fal: connectToProxy(proxy),
    cancel: cancelThroughProxy(proxy),
    main: mainCalls(),
    proxyUrl: proxy.proxyUrl,
    held,
    uploadsInFlight,
    download: downloadImage,
    normalise: normaliseImage,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    pollIntervalMs: POLL_INTERVAL_MS,
    now: () => new Date(),
    ...(mode && { mode })
  }
}
