// server-proxy's URL allowlist (picomatch globs over host + path + query, node_modules/@fal-ai/server-proxy
// /src/index.js getUrlWithoutScheme): exactly the URLs target-url.ts lets through, and on a submit the one
// `fal_webhook` query this proxy adds itself. A bare `*` or `**` would also match any query (`?` is an
// ordinary character to the matcher), so path parts are spelled with character classes.
import { ENDPOINT_IDS, FAL_APP_ID } from '../kling'
import {
  type FalCall,
  QUEUE_HOST,
  REQUEST_ID_CHARS,
  REQUEST_ID_FIRST_CHARS,
  REST_HOST,
  STORAGE_INITIATE_PATH,
  STORAGE_QUERY
} from './target-url'

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

/**
 * target-url.ts's request id as a glob: the same first character and the same characters after it. Not its
 * length cap: picomatch has no bounded repeat, and the ways to write one (a glob per length, or 63 nested
 * optional groups) cost 5-40 ms to compile, and server-proxy compiles the patterns it is given on every
 * request (isAllowedUrl calls createUrlMatcher each time). The cap is enforced by classifyTarget, which every request passes first;
 * test/proxy/allowed-urls.test.ts pins this one difference.
 */
const REQUEST_ID_GLOB = `[${REQUEST_ID_FIRST_CHARS}]*([${REQUEST_ID_CHARS}])`

/**
 * The allowlist by kind of call. The live forwarder compiles each kind's patterns once (server-proxy's
 * createUrlMatcher) and checks a call against those of the kind target-url.ts found, a subset of the whole
 * list, so no URL passes that the whole list would refuse.
 */
export function allowedUrlPatternsByKind(webhookUrl?: string): Record<FalCall['kind'], string[]> {
  const requests = literal(`${QUEUE_HOST}/${FAL_APP_ID}/requests/`)
  const submits = ENDPOINT_IDS.map((endpoint) => literal(`${QUEUE_HOST}/${endpoint}`))
  const status = [requests + `${REQUEST_ID_GLOB}/@(status|status/stream)?(\\?logs=[01])`]
  return {
    submit: [...submits, ...(webhookUrl === undefined ? [] : submits.map((submit) => submit + literal(webhookQuery(webhookUrl))))],
    result: [requests + REQUEST_ID_GLOB],
    status,
    'status-stream': status,
    cancel: [requests + `${REQUEST_ID_GLOB}/cancel`],
    'storage-initiate': [literal(`${REST_HOST}${STORAGE_INITIATE_PATH}${STORAGE_QUERY}`)]
  }
}

export function allowedUrlPatterns(webhookUrl?: string): string[] {
  return [...new Set(Object.values(allowedUrlPatternsByKind(webhookUrl)).flat())]
}
