// The model catalog: Kling Image V3/O3 on fal, and the pure functions built on it.
// Imported by the UI, the main thread, the proxy and the offline service alike.
export * from './compose'
export * from './endpoints'
export * from './output-size'
export * from './pricing'
export * from './prompt-draft'
export * from './reading-order'
export * from './reference-rules'
export * from './schemas'
export * from './tokens'
export { lintRequest } from './lints'
export * from './labels'
export * from './section-title'
