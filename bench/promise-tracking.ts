// Whether anything in this process tracks promises (an AsyncLocalStorage in use, or any async hook that
// watches promises). Node installs its promise hook only then; without it, a promise's callback runs with
// execution id 0. A bench that times a proxy must not carry a tracker the product would not.
import { executionAsyncId } from 'node:async_hooks'

export async function promisesTracked(): Promise<boolean> {
  const id = await Promise.resolve().then(() => executionAsyncId())
  return id !== 0
}
