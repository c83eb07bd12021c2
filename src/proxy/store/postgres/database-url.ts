// DATABASE_URL: checked once, and shown only with its password replaced, in errors, logs and /healthz.

/** Throws, naming the fix, unless `value` is a postgres:// or postgresql:// URL; never echoes the password. */
export function parseDatabaseUrl(value: string): string {
  const trimmed = value.trim()
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new Error(
      'DATABASE_URL must be a PostgreSQL connection URL such as postgres://keyframe:PASSWORD@db.example.com:5432/keyframe; the value given is not a URL.'
    )
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(
      `DATABASE_URL must start with postgres:// or postgresql:// (such as postgres://keyframe:PASSWORD@db.example.com:5432/keyframe), got one starting with "${url.protocol}".`
    )
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    throw new Error(`DATABASE_URL must name the database server's host, got "${scrubDatabaseUrl(trimmed)}".`)
  }
  return trimmed
}

/** The URL with its password (and any password= parameter) replaced by ***, for messages. */
export function scrubDatabaseUrl(value: string): string {
  try {
    const url = new URL(value)
    // Without // there is no user or password part to find: the secret could be anywhere in the rest.
    if (!value.startsWith(`${url.protocol}//`)) return `${url.protocol} (the rest not shown)`
    if (url.password) url.password = '***'
    if (url.searchParams.has('password')) url.searchParams.set('password', '***')
    return url.toString()
  } catch {
    // Not a URL: a password could be anywhere in it, so none of it is shown.
    return '(not a URL)'
  }
}

/** The password in `value`, if any, so messages from the driver can be scrubbed of it too. */
export function passwordOf(value: string): string | undefined {
  try {
    const url = new URL(value)
    const password = url.password ? decodeURIComponent(url.password) : url.searchParams.get('password')
    return password || undefined
  } catch {
    return undefined
  }
}
