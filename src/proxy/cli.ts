// `npm run proxy` (and `npm start`, after building the plugin): read the environment, start the proxy, say
// where it is. Bad settings end the process with one line that says what to fix, never a stack trace.
// The playground is loaded only when it is served (offline mode, or PLAYGROUND=1): it bundles its page with
// esbuild, a dev dependency, and a production install (npm ci --omit=dev) has none.
import { allowedProxyOrigins } from '../manifest-hosts.js'
import { PLAYGROUND_PATH, playgroundInLiveMode } from '../playground/playground-setting'
import { optionsFromEnv } from './config'
import { type AppOptions, startProxy } from './server'
import { operatorMessage } from './storage-health'
import { errorMessage } from '../error-message'

async function main(): Promise<void> {
  const withPlayground = playgroundInLiveMode(process.env)
  const options = optionsFromEnv(process.env)
  const live = Boolean(options.falKey)
  const mount = live && !withPlayground ? undefined : await loadPlayground(withPlayground)
  const proxy = await startProxy({ ...options, mount: mount ?? undefined })
  // Before the start-up lines: whoever waits for them (a supervisor, a test) may signal at once.
  let stopping = false
  const stop = () => {
    // A second signal while draining means "now": requests still in flight are cut.
    if (stopping) process.exit(1)
    stopping = true
    proxy.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Keyframe proxy did not shut down cleanly: ${errorMessage(error)}`)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  const lines = [
    `Keyframe proxy running in ${proxy.mode} mode${proxy.mode === 'offline' ? ' (no FAL_KEY: images are local placeholders, nothing is billed)' : ''}`,
    `Proxy URL for the plugin's settings: ${proxy.proxyUrl}`,
    `Health check: ${proxy.url}/healthz`,
    mount
      ? `Playground (the plugin in a browser, no Figma needed): ${proxy.url}${PLAYGROUND_PATH}`
      : mount === null
        ? 'Playground: not served (it needs the dev dependencies: npm ci without --omit=dev)'
        : 'Playground: not served in live mode (set PLAYGROUND=1 to serve it)'
  ]
  // The built plugin may reach only the origins its manifest lists, in Figma and in the playground alike.
  if (!allowedProxyOrigins(process.env).includes(proxy.origin)) {
    lines.push(
      `Note: this build of the plugin does not allow ${proxy.origin}, so Figma (and the playground) will refuse to reach it. ` +
        `Build with KEYFRAME_PROXY_ORIGIN=${proxy.origin} npm run build, or use PORT=8787.`
    )
  }
  console.log(lines.join('\n'))
}

/**
 * The playground's mount, or null when its module cannot load because the dev dependencies are not
 * installed: offline mode then runs without it, and PLAYGROUND=1 (asked for explicitly) refuses to start.
 */
async function loadPlayground(required: boolean): Promise<AppOptions['mount'] | null> {
  try {
    const { playgroundMount } = await import('../playground/server')
    return playgroundMount(required)
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== 'ERR_MODULE_NOT_FOUND') throw error
    if (required) throw new Error('PLAYGROUND=1, but the playground needs the dev dependencies (esbuild): install with npm ci, without --omit=dev.')
    return null
  }
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code
  const message =
    code === 'EADDRINUSE'
      ? 'Port already in use: stop the other server or set PORT to a free port.'
      : operatorMessage(error)
  console.error(`Keyframe proxy did not start: ${message}`)
  process.exit(1)
})
