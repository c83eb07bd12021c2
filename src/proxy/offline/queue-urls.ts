// The URLs fal's queue answers with. Offline answers with the very same fal URLs (not ours): the client
// routes them through the proxy with x-fal-target-url, exactly as it does live.
import { FAL_APP_ID } from '../../kling'
import { QUEUE_HOST } from '../target-url'

export function queueUrls(requestId: string) {
  const base = `https://${QUEUE_HOST}/${FAL_APP_ID}/requests/${requestId}`
  return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` }
}
