import type { BuildOptions } from 'esbuild'

export function importEntries(buildOptions: BuildOptions): BuildOptions
