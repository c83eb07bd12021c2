// server-proxy's URL allowlist (picomatch globs over host + path + query, node_modules/@fal-ai/server-proxy
// /src/index.js getUrlWithoutScheme): exactly the URLs target-url.ts lets through, and on a submit the one
// `fal_webhook` query this proxy adds itself. A bare `*` or `**` would also match any query (`?` is an
// ordinary character to the matcher), so path parts are spelled with character classes.
import { ENDPOINT_IDS, FAL_APP_ID } from '../kling'
import { QUEUE_HOST, REST_HOST, STORAGE_INITIATE_PATH, STORAGE_QUERY } from './target-url'

/** The query parameter fal reads a webhook URL from (docs.fal.ai/model-endpoints/webhooks). */
export const FAL_WEBHOOK_PARAM = 'fal_webhook'

/** `?fal_webhook=…` with the URL percent-encoded, as the proxy appends it to a submit. */
export function webhookQuery(webhookUrl: string): string {
  return `?${new URLSearchParams({ [FAL_WEBHOOK_PARAM]: webhookUrl }).toString()}`
}

/** Backslash before every character picomatch would read as syntax. */
function literal(text: string): string {
  return text.replace(/[\\*?()[\]{}!+@|^$]/g, (m) => `\\${m}`)
}

export function allowedUrlPatterns(webhookUrl?: string): string[] {
  const queue = `${QUEUE_HOST}/${FAL_APP_ID}`
  const id = '+([A-Za-z0-9-])'
  const submits = ENDPOINT_IDS.map((endpoint) => literal(`${QUEUE_HOST}/${endpoint}`))
  return [
    ...submits,
    ...(webhookUrl === undefined ? [] : submits.map((submit) => submit + literal(webhookQuery(webhookUrl)))),
    literal(`${queue}/requests/`) + id,
    literal(`${queue}/requests/`) + `${id}/@(status|status/stream)?(\\?logs=[01])`,
    literal(`${queue}/requests/`) + `${id}/cancel`,
    literal(`${REST_HOST}${STORAGE_INITIATE_PATH}${STORAGE_QUERY}`)
  ]
}
