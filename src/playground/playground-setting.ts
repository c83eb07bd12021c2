// What the proxy's command line needs to know about the playground without loading it: its path, and
// whether a live proxy serves it. Kept apart from server.ts, which pulls in esbuild (a dev dependency),
// so a production install (npm ci --omit=dev) can start the live proxy.
export const PLAYGROUND_PATH = '/playground'

/** Whether a live proxy serves the playground: PLAYGROUND=1 (0 or unset: it does not). */
export function playgroundInLiveMode(env: NodeJS.ProcessEnv): boolean {
  const value = env.PLAYGROUND?.trim()
  if (value === undefined || value === '' || value === '0') return false
  if (value === '1') return true
  throw new Error(`PLAYGROUND must be 1 (serve the playground in live mode too) or 0, got "${value}"`)
}
