// JobDeps for running the UI's job runner in Node against a proxy, with the UI's real poll interval.
import type { MainCalls } from '../src/rpc-client'
import { cancelThroughProxy } from '../src/ui/jobs/cancel-request'
import { type JobDeps, POLL_INTERVAL_MS } from '../src/ui/jobs/job-deps'
import { downloadImage } from '../src/ui/jobs/place-results'
import { normaliseWithSharp } from '../src/dev/node-normalise'
import { falClientFor } from '../src/dev/fal-client'

export function nodeJobDeps(proxyUrl: string, main: MainCalls): JobDeps {
  return {
    fal: falClientFor(proxyUrl),
    cancel: cancelThroughProxy({ proxyUrl, token: '' }),
    main,
    proxyUrl,
    download: downloadImage,
    normalise: normaliseWithSharp,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    pollIntervalMs: POLL_INTERVAL_MS,
    now: () => new Date()
  }
}
