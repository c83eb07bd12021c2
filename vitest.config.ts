import { configDefaults, defineConfig } from 'vitest/config'

import { buildDefines } from './src/manifest-hosts.js'

// Tests that need a PostgreSQL server: their own project, so the server (postgres-server.ts) is started
// only when one of them runs.
const POSTGRES_TESTS = 'test/**/postgres-*.test.ts'

export default defineConfig({
  // The proxy origins the build compiles in (build-figma-plugin.main.js / .ui.js), from the same source.
  define: buildDefines(process.env),
  // Preact's classic JSX, as Create Figma Plugin compiles it.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  plugins: [
    {
      // @create-figma-plugin/ui imports its global stylesheet as `!../css/base.css`, a convention of
      // its own build; tests render the components without styles.
      name: 'create-figma-plugin-global-css',
      enforce: 'pre',
      resolveId: (id) => (id.startsWith('!') && id.endsWith('.css') ? '\0empty.css.js' : null),
      load: (id) => (id === '\0empty.css.js' ? 'export default {}' : null)
    }
  ],
  test: {
    // Processed by Vite (not loaded by Node): the UI package, so its stylesheet imports above resolve.
    server: { deps: { inline: ['@create-figma-plugin/ui'] } },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'keyframe', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: [...configDefaults.exclude, POSTGRES_TESTS] } },
      { extends: true, test: { name: 'postgres', include: [POSTGRES_TESTS], globalSetup: ['test/proxy/store/postgres-server.ts'] } }
    ]
  }
})
