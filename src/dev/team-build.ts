// The plugin built for the test's own proxy, the way a team builds it for theirs: Create Figma Plugin's
// build with KEYFRAME_PROXY_ORIGIN set, so the manifest (and with it the UI's network policy) allows that
// origin and nothing else new. It builds in a folder of its own, so this project's build/ and committed
// manifest.json stay as they are.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** What Create Figma Plugin's build reads from the project. */
const INPUTS = ['package.json', 'tsconfig.json', 'build-figma-plugin.main.js', 'build-figma-plugin.ui.js', 'build-figma-plugin.manifest.js', 'src', 'node_modules']

export interface TeamBuild {
  /** Holds manifest.json and build/, as the project folder does. */
  dir: string
  remove(): void
}

export async function buildForProxy(origin: string): Promise<TeamBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-team-build-'))
  for (const name of INPUTS) symlinkSync(join(ROOT, name), join(dir, name))
  const cli = join(ROOT, 'node_modules/@create-figma-plugin/build/lib/cli.js')
  try {
    await promisify(execFile)(process.execPath, [cli, '--minify'], { cwd: dir, env: { ...process.env, KEYFRAME_PROXY_ORIGIN: origin } })
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`The team build for ${origin} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`)
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
