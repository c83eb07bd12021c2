// Reads the team's proxy origin for the manifest. Plain JavaScript because the build imports it
// before any TypeScript is compiled.

/** @param {Record<string, string | undefined>} env */
export function proxyOriginFromEnv(env) {
  const raw = env.KEYFRAME_PROXY_ORIGIN
  if (raw === undefined || raw.trim() === '') return undefined
  let url
  try {
    url = new URL(raw.trim())
  } catch {
    throw new Error(`KEYFRAME_PROXY_ORIGIN must be an origin such as https://proxy.example.com; got "${raw}".`)
  }
  if (url.protocol !== 'https:' && url.hostname !== 'localhost') {
    throw new Error(`KEYFRAME_PROXY_ORIGIN must use https (Figma blocks plain http outside localhost); got "${raw}".`)
  }
  if (url.pathname !== '/' || url.search !== '' || url.username !== '') {
    throw new Error(`KEYFRAME_PROXY_ORIGIN must be an origin only, without a path; use "${url.origin}".`)
  }
  return url.origin
}
