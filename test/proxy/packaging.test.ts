// Packaging: a production install (npm ci --omit=dev) has only `dependencies`, so everything the live
// proxy imports must be there; the Dockerfile copies every file it imports and runs the same command as
// `npm run proxy`; the README's deploy recipe shows the Dockerfile's commands and names only real settings.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build, type Metafile } from 'esbuild'
import { describe, expect, it, onTestFinished } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> }
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** Settings the recipe names that another change this round adds (the PostgreSQL store); drop once config reads it. */
/**
 * What loading `entry` loads: esbuild's metafile, walked from the entry over static imports only (a dynamic
 * import() runs only when its code path does, like the playground's). Type-only imports are gone already.
 */
async function staticGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const { metafile } = await build({ entryPoints: [join(ROOT, entry)], absWorkingDir: ROOT, bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'silent', outdir: 'unused' })
  const inputs = (metafile as Metafile).inputs
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    for (const imp of inputs[file]?.imports ?? []) {
      if (imp.kind === 'dynamic-import') continue
      if (!imp.external) visit(imp.path)
      else if (!imp.path.startsWith('.') && !imp.path.startsWith('node:') && !builtinModules.includes(imp.path)) packages.add(packageName(imp.path))
    }
  }
  visit(Object.keys(inputs).find((f) => f === entry) ?? entry)
  return { files: [...files].sort(), packages: [...packages].sort() }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

/** The Dockerfile's instructions, one entry per instruction (continuation lines joined). */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/)
      return { op: op!.toUpperCase(), args: rest.join(' ') }
    })
}

const docker = instructions(DOCKERFILE)
const one = (op: string) => {
  const found = docker.filter((i) => i.op === op)
  expect(found, `the Dockerfile has one ${op}`).toHaveLength(1)
  return found[0]!.args
}
const deploySection = README.slice(README.indexOf('## Deploying the proxy'), README.indexOf('\n## ', README.indexOf('## Deploying the proxy') + 1))

describe('packaging', () => {
  it('the live proxy imports only packages listed in dependencies', async () => {
    const { packages } = await staticGraph('src/proxy/cli.ts')
    // The walk sees the proxy's real packages (else it proves nothing).
    expect(packages).toEqual(expect.arrayContaining(['hono', '@hono/node-server', '@fal-ai/server-proxy']))
    expect(packages.filter((p) => !(p in pkg.dependencies))).toEqual([])
    // `npm run proxy` loads TypeScript through the packages it --import's: those are runtime too.
    const loaders = [...pkg.scripts.proxy!.matchAll(/--import\s+(\S+)/g)].map((m) => packageName(m[1]!))
    expect(loaders).toEqual(['tsx'])
    for (const loader of loaders) expect(pkg.dependencies).toHaveProperty([loader])
  })

  it('the check fails where it should: the playground, loaded only on demand, needs esbuild, a dev dependency', async () => {
    const { packages } = await staticGraph('src/playground/server.ts')
    expect(packages).toContain('esbuild')
    expect(pkg.dependencies).not.toHaveProperty(['esbuild'])
    // And the proxy's own graph does not reach the playground's server module.
    expect((await staticGraph('src/proxy/cli.ts')).files).not.toContain('src/playground/server.ts')
  })

  it("the proxy's own graph loads neither esbuild nor the in-memory Figma, nor any test or bench tool", async () => {
    const proxy = await staticGraph('src/proxy/cli.ts')
    expect(proxy.packages).not.toContain('esbuild')
    const foreign = proxy.files.filter((f) => /^src\/(host|dev|main|ui)\//.test(f) || (f.startsWith('src/playground/') && f !== 'src/playground/playground-setting.ts'))
    expect(foreign).toEqual([])
    // The same walk finds the host from the playground's page (which its server bundles on demand), so the filter can fail.
    const page = await staticGraph('src/playground/page/main.ts')
    expect(page.files.some((f) => f.startsWith('src/host/figma/'))).toBe(true)
  })

  it('the Dockerfile copies every file the live proxy imports, and runs what npm run proxy runs', async () => {
    const { files } = await staticGraph('src/proxy/cli.ts')
    const sources = docker
      .filter((i) => i.op === 'COPY')
      .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1))
    const copied = (file: string) => sources.some((s) => file === s || (statSync(join(ROOT, s)).isDirectory() && file.startsWith(`${s.replace(/\/$/, '')}/`)))
    expect(files.length).toBeGreaterThan(10)
    expect(files.filter((f) => !copied(f))).toEqual([])
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']))
    // Copying a whole folder is fine only for the proxy's own: never the plugin, the tests or the playground page.
    for (const s of sources) expect(['src', 'src/', '.', 'test', 'src/ui', 'src/main', 'src/playground']).not.toContain(s)
    const cmd = JSON.parse(one('CMD')) as string[]
    expect(cmd.join(' ')).toBe(pkg.scripts.proxy)
  })

  it('the image installs only runtime dependencies, runs as a non-root user, and exposes the port it listens on', () => {
    expect(one('FROM')).toBe('node:22-slim')
    const installs = docker.filter((i) => i.op === 'RUN' && /\bnpm (ci|install)\b/.test(i.args))
    expect(installs).toHaveLength(1)
    expect(installs[0]!.args).toMatch(/^npm ci --omit=dev(\s|$)/)
    const user = one('USER')
    expect(user).not.toMatch(/^(root|0)(:|$)/)
    const env = Object.fromEntries(docker.filter((i) => i.op === 'ENV').flatMap((i) => i.args.split(/\s+/).map((kv) => kv.split('=') as [string, string])))
    expect(one('EXPOSE')).toBe(env.PORT)
    expect(env.HOST).toBe('0.0.0.0')
  })

  it("the README's deploy recipe shows the Dockerfile's commands", () => {
    expect(deploySection.length).toBeGreaterThan(500)
    expect(deploySection).toContain(one('FROM'))
    const install = docker.find((i) => i.op === 'RUN' && i.args.startsWith('npm ci'))!.args.split('&&')[0]!.trim()
    expect(deploySection).toContain(`\n${install}\n`)
    expect(deploySection).toContain((JSON.parse(one('CMD')) as string[]).join(' '))
    expect(deploySection).toContain(`-p ${one('EXPOSE')}:${one('EXPOSE')}`)
    expect(deploySection).toContain(`EXPOSE ${one('EXPOSE')}`)
  })

  it('the recipe and the Dockerfile name only settings the proxy reads', () => {
    const read = new Set<string>()
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (/\.(ts|js)$/.test(name)) for (const m of readFileSync(path, 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) read.add(m[1]!)
      }
    }
    walk(join(ROOT, 'src'))
    expect(read).toContain('SHUTDOWN_GRACE_MS')
    const named = new Set([...deploySection.matchAll(/\b([A-Z][A-Z0-9_]{2,})=/g)].map((m) => m[1]!))
    for (const i of docker.filter((d) => d.op === 'ENV')) for (const kv of i.args.split(/\s+/)) named.add(kv.split('=')[0]!)
    expect(named).toContain('PROXY_TOKENS')
    expect([...named].filter((n) => !read.has(n))).toEqual([])
  })

  it('npm run proxy starts without the plugin build and ends cleanly on SIGTERM, its logs on stdout', async () => {
    // Offline on a free port; PLAYGROUND unset. Exit code 0 and the drain's record prove the signal path.
    const dataDir = join(ROOT, 'test-results', `packaging-${process.pid}`)
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }))
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/proxy/cli.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
        if (stdout.includes('Health check:')) resolve()
      })
      child.on('exit', () => reject(new Error(`the proxy ended before it started: ${stderr}`)))
    })
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    const records = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records).toContainEqual(expect.objectContaining({ event: 'shutdown_drained' }))
    expect(stderr).toBe('')
  })
})
