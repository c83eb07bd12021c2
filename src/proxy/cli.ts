// `npm start`: read the environment, start the proxy, say where it is. Bad settings end the process with
// one line that says what to fix, never a stack trace.
import { allowedProxyOrigins } from '../manifest-hosts.js'
import { PLAYGROUND_PATH, playgroundInLiveMode, playgroundMount } from '../playground/server'
import { optionsFromEnv } from './config'
import { startProxy } from './server'

async function main(): Promise<void> {
  const withPlayground = playgroundInLiveMode(process.env)
  const proxy = await startProxy({ ...optionsFromEnv(process.env), mount: playgroundMount(withPlayground) })
  const playground = proxy.mode === 'offline' || withPlayground
  const lines = [
    `Keyframe proxy running in ${proxy.mode} mode${proxy.mode === 'offline' ? ' (no FAL_KEY: images are local placeholders, nothing is billed)' : ''}`,
    `Proxy URL for the plugin's settings: ${proxy.proxyUrl}`,
    `Health check: ${proxy.url}/healthz`,
    playground
      ? `Playground (the plugin in a browser, no Figma needed): ${proxy.url}${PLAYGROUND_PATH}`
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
  const stop = () => {
    proxy.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code
  const message =
    code === 'EADDRINUSE'
      ? 'Port already in use: stop the other server or set PORT to a free port.'
      : error instanceof Error
        ? error.message
        : String(error)
  console.error(`Keyframe proxy did not start: ${message}`)
  process.exit(1)
})
