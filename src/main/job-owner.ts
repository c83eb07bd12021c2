// Who is running this Keyframe: each job records it, and only that person's plugin resumes, submits or
// finishes the job. Figma says who through figma.currentUser, given only to a plugin whose manifest
// declares the "currentuser" permission. Its type allows a null user and a null id (plugin-typings
// plugin-api.d.ts lines 129 and 12774); then an id this person's Keyframe keeps in clientStorage, which
// is per user and per machine, stands in, so their jobs still come back to them there.
import type { JobOwner } from '../messages'

const LOCAL_ID_KEY = 'keyframe.localUserId'

let owner: Promise<JobOwner> | undefined

/** The same answer for the whole run: the person running the plugin does not change while it runs. */
export function currentOwner(): Promise<JobOwner> {
  owner ??= findOwner()
  return owner
}

export function isSameOwner(a: JobOwner, b: JobOwner): boolean {
  return a.id === b.id
}

async function findOwner(): Promise<JobOwner> {
  // Throws when the manifest lacks the permission: a build without it must fail loudly, not guess.
  const user = figma.currentUser
  if (user !== null && user.id !== null) return { id: user.id, name: user.name }
  return { id: await localId(), name: user?.name ?? '' }
}

async function localId(): Promise<string> {
  const kept: unknown = await figma.clientStorage.getAsync(LOCAL_ID_KEY)
  if (typeof kept === 'string' && kept !== '') return kept
  // The sandbox has no crypto. This id only tells one person's jobs from another's; it guards nothing.
  const made = `local:${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`
  await figma.clientStorage.setAsync(LOCAL_ID_KEY, made)
  return made
}
