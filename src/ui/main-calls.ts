// The main thread's API for the UI, every method a promise (see src/rpc.ts).
import type { MainApi } from '../messages'
import { callMain } from '../rpc'
import type { MainCalls } from './jobs/job-deps'

export const mainCalls = new Proxy({} as MainCalls, {
  get: (_, method: keyof MainApi) => (args: never) => callMain(method, args)
})
