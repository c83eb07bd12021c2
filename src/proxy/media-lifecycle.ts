// How long fal keeps a live submit's generated images, as the team set it (KEEP_MEDIA_DAYS).
//
// Documented (docs.fal.ai/documentation/model-apis/media-expiration): a request may carry
// X-Fal-Object-Lifecycle-Preference with the JSON `{"expiration_duration_seconds": N}` (null: never
// expire) and fal deletes the request's CDN files after that; expired files cannot be recovered. fal's
// answers are not documented to report an expiry, so the one the proxy knows is the one it asked for.
export const OBJECT_LIFECYCLE_HEADER = 'x-fal-object-lifecycle-preference'

const DAY_SECONDS = 24 * 60 * 60

/** The header's value for a number of days. */
export function objectLifecycleValue(days: number): string {
  return JSON.stringify({ expiration_duration_seconds: days * DAY_SECONDS })
}

/** When media made now will expire, as asked with `days` (undefined: fal's default, not known here). */
export function mediaExpiresAt(days: number | undefined, submittedAt: number): number | undefined {
  return days === undefined ? undefined : submittedAt + days * DAY_SECONDS * 1000
}
