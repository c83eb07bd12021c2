// The fal key must never reach a response, a log line or an error message; everything we print or
// return that could carry upstream text passes through here.
export function makeScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const live = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4)
  return (text) => live.reduce((out, secret) => out.split(secret).join('[redacted]'), text)
}
