// 4a. What Figma loads: the built plugin's two files, minified and gzipped.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

export interface BundleResult {
  file: string
  minifiedBytes: number
  gzippedBytes: number
  goalBytes: number
}

const GOALS: Record<string, number> = { 'build/ui.js': 200_000, 'build/main.js': 40_000 }

export function measureBundle(): BundleResult[] {
  return Object.entries(GOALS).map(([file, goalBytes]) => {
    const bytes = readFileSync(new URL(`../${file}`, import.meta.url))
    return { file, minifiedBytes: bytes.byteLength, gzippedBytes: gzipSync(bytes, { level: 9 }).byteLength, goalBytes }
  })
}
