// The follower's reader in offline mode: the same reader as live (fal-queue-reader.ts), so offline answers
// are classified exactly as fal's are, with its fetch answered by the OfflineService instead of the network.
import type { OfflineService } from '../offline/service'
import { createLiveQueueReader, type FalQueueReader } from './fal-queue-reader'

const QUEUE_PATH = /\/requests\/([^/]+)(\/status)?$/

/** `origin`: where the offline result files are served (PUBLIC_URL, else the server's own address). */
export function createOfflineQueueReader(service: Pick<OfflineService, 'queueAnswer'>, origin: () => string): FalQueueReader {
  return createLiveQueueReader({
    // Never sent anywhere: the fetch below answers every call here.
    falKey: 'offline',
    scrub: (text) => text,
    fetch: async (input) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      const match = QUEUE_PATH.exec(new URL(url).pathname)
      if (!match) return Response.json({ detail: 'Not found' }, { status: 404 })
      return service.queueAnswer(match[1] as string, match[2] ? 'status' : 'result', origin())
    }
  })
}
