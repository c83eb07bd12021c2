import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Preact's classic JSX, as Create Figma Plugin compiles it.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 60_000
  }
})
