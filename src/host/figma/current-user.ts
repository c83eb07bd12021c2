// figma.currentUser as Figma hands it out: only to a plugin whose manifest asks for it, and then as the
// person running that copy of the plugin.
//
// @figma/plugin-typings 1.142.0, plugin-api.d.ts:
// - line 125: "`currentuser` must be specified in the permissions array in `manifest.json` to access this
//   property"; line 129: `readonly currentUser: User | null`.
// - lines 12768–12799: `User` is `{ id: string | null, name, photoUrl: string | null, color, sessionId: number }`.
//   The current user's id is generated when they are not logged in, so it is a string in practice; the
//   type still allows null, and the host lets a test say so.
//
// What Figma does without the permission is not in its documentation (inferred from others' reports):
// notes in two public plugin projects, one a logged probe against a running plugin, say the getter itself
// throws `"currentuser" permission not specified in manifest.json`; a third, unverified, says it reads
// null. The host throws that message, the stricter of the two, so code that forgets the permission fails
// in tests before it fails in Figma.

/** Who runs the plugin in a host. `null` models Figma answering `currentUser` with null. */
export interface HostUser {
  id: string | null
  name: string
  photoUrl?: string | null
  /** Their multiplayer colour. */
  color?: string
}

/** The permissions Keyframe's package.json declares ("figma-plugin".permissions); a test keeps them equal. */
export const KEYFRAME_PERMISSIONS: readonly string[] = ['currentuser']

/** The relaunch commands Keyframe's package.json declares ("figma-plugin".relaunchButtons); a test keeps them equal. */
export const KEYFRAME_RELAUNCH_COMMANDS: readonly string[] = ['regenerate', 'variations', 'open']

export const DEFAULT_USER: HostUser = { id: '1000000001', name: 'Designer', photoUrl: null, color: '#0D99FF' }

export const MISSING_PERMISSION = '"currentuser" permission not specified in manifest.json'

/** The object `figma.currentUser` returns for this run; sessions get distinct ids, as in Figma. */
export function currentUserOf(user: HostUser | null, sessionId: number): User | null {
  if (user === null) return null
  return Object.freeze({
    id: user.id,
    name: user.name,
    photoUrl: user.photoUrl ?? null,
    color: user.color ?? '#0D99FF',
    sessionId
  })
}
