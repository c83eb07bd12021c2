import type { BuildOptions } from 'esbuild'

declare const overrideUi: (buildOptions: BuildOptions) => BuildOptions
export default overrideUi
