import type { Plugin } from 'esbuild'

export function cssModulesOnce(plugins: Plugin[]): Plugin[]
