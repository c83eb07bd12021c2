// The hosts Keyframe's UI may reach, and the build settings derived from them. One source for the
// manifest's networkAccess (build-figma-plugin.manifest.js), the list of proxy origins compiled into the
// plugin for Settings to check against (build-figma-plugin.main.js and .ui.js, vitest.config.ts), and the
// tests. Plain JavaScript because the build imports it before any TypeScript is compiled.

/** The route @fal-ai/client talks to on a Keyframe proxy (src/proxy/server.ts serves it there). */
export const PROXY_PATH = '/api/fal/proxy'

/** The local proxy `npm start` runs. Figma lets development plugins reach it through devAllowedDomains. */
export const LOCAL_PROXY_ORIGIN = 'http://localhost:8787'

/** fal's media CDN, where result images are downloaded from (v3.fal.media, v3b.fal.media, …). */
export const FAL_MEDIA_DOMAINS = ['https://fal.media', 'https://*.fal.media']

/**
 * Whether a host name is this machine: the only hosts Figma lets a plugin reach over plain http. Shared by
 * the build, Settings (src/proxy-url.ts) and the proxy's own start-up checks (src/proxy/config.ts).
 * @param {string} host a hostname, IPv6 with or without brackets
 */
export function isLoopback(host) {
  const h = host.replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h)
}

/**
 * The team's proxy origins from KEYFRAME_PROXY_ORIGIN: one origin, or several separated by commas
 * (teams often run staging and production).
 * @param {Record<string, string | undefined>} env
 * @returns {string[]}
 */
export function proxyOriginsFromEnv(env) {
  const raw = env.KEYFRAME_PROXY_ORIGIN
  if (raw === undefined || raw.trim() === '') return []
  const origins = raw.split(',').map((part) => checkOrigin(part.trim(), raw))
  return [...new Set(origins)]
}

/** @param {string} value @param {string} raw */
function checkOrigin(value, raw) {
  const example = 'such as https://proxy.example.com (several: separate them with commas)'
  if (value === '' || value.includes('*')) {
    throw new Error(`KEYFRAME_PROXY_ORIGIN must list proxy origins ${example}; got "${raw}". Wildcards are not allowed: a proxy is one origin.`)
  }
  let url
  try {
    url = new URL(value)
  } catch {
    throw new Error(`KEYFRAME_PROXY_ORIGIN must list proxy origins ${example}; "${value}" is not one.`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new Error(`KEYFRAME_PROXY_ORIGIN must use https (Figma blocks plain http outside localhost); got "${value}".`)
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(`KEYFRAME_PROXY_ORIGIN takes origins only, without a path; use "${url.origin}" instead of "${value}".`)
  }
  return url.origin
}

/**
 * The manifest's networkAccess for this build.
 * @param {Record<string, string | undefined>} env
 */
export function networkAccessFromEnv(env) {
  return {
    allowedDomains: [...FAL_MEDIA_DOMAINS, ...proxyOriginsFromEnv(env)],
    devAllowedDomains: [LOCAL_PROXY_ORIGIN]
  }
}

/**
 * The proxy origins Settings accepts: the team's, and the local one (which only a development plugin can
 * reach; Figma ignores devAllowedDomains for published plugins).
 * @param {Record<string, string | undefined>} env
 * @returns {string[]}
 */
export function allowedProxyOrigins(env) {
  return [...proxyOriginsFromEnv(env), LOCAL_PROXY_ORIGIN]
}

/**
 * esbuild `define`s for both bundles: the plugin knows which proxies its manifest lets it reach. The list
 * goes in as a JSON string, parsed where it is read (src/proxy-url.ts): esbuild inlines a string, but an
 * array it makes a module of its own that every other module initialises, about 1 kB of calls in
 * build/ui.js.
 * @param {Record<string, string | undefined>} env
 * @returns {Record<string, string>}
 */
export function buildDefines(env) {
  return { KEYFRAME_PROXY_ORIGINS_JSON: JSON.stringify(JSON.stringify(allowedProxyOrigins(env))) }
}

/**
 * The plugin id: Figma assigns one when a plugin is first published; KEYFRAME_PLUGIN_ID carries it into
 * the build. Without it the development id stays.
 * @param {Record<string, string | undefined>} env
 * @param {string} developmentId
 */
export function pluginIdFromEnv(env, developmentId) {
  const raw = env.KEYFRAME_PLUGIN_ID
  if (raw === undefined || raw.trim() === '') return developmentId
  const id = raw.trim()
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new Error(`KEYFRAME_PLUGIN_ID must be the id Figma gave the published plugin (letters and digits only); got "${raw}".`)
  }
  return id
}

/** The route that tells the plugin the proxy's mode and the caller's spend today (src/proxy/usage-route.ts). */
export const USAGE_PATH = '/api/keyframe/usage'
