// DATABASE_URL: read from the environment, accepted only as a postgres:// or postgresql:// URL, and never
// echoed with its password when refused.
import { describe, expect, it } from 'vitest'

import { optionsFromEnv, resolveOptions } from '../../src/proxy/config'
import { scrubDatabaseUrl } from '../../src/proxy/store/postgres/database-url'

const resolveWith = (databaseUrl: string | undefined) => resolveOptions({ host: '127.0.0.1', databaseUrl })

describe('DATABASE_URL', () => {
  it('is read from the environment, trimmed, and absent when empty', () => {
    expect(optionsFromEnv({ DATABASE_URL: ' postgres://keyframe@db.internal:5432/keyframe ' }).databaseUrl).toBe('postgres://keyframe@db.internal:5432/keyframe')
    expect(optionsFromEnv({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined()
    expect(optionsFromEnv({}).databaseUrl).toBeUndefined()
  })

  it('accepts postgres:// and postgresql:// URLs, and leaves it unset without one', () => {
    expect(resolveWith('postgres://keyframe:test-only-pw@db.internal:5432/keyframe').databaseUrl).toBe('postgres://keyframe:test-only-pw@db.internal:5432/keyframe')
    expect(resolveWith('postgresql://keyframe@db.internal/keyframe?sslmode=require').databaseUrl).toBe('postgresql://keyframe@db.internal/keyframe?sslmode=require')
    expect(resolveWith(undefined).databaseUrl).toBeUndefined()
  })

  it('refuses another scheme, naming the form it wants and hiding the password', () => {
    const resolving = () => resolveWith('mysql://keyframe:test-only-secret-pw@db.internal:3306/keyframe')
    expect(resolving).toThrow(/DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/.*got one starting with "mysql:"/)
    expect(resolving).not.toThrow(/test-only-secret-pw/)
    // Parsed as a URL of scheme "keyframe:", with the secret in its opaque rest.
    const opaque = () => resolveWith('keyframe:test-only-secret-pw at db.internal')
    expect(opaque).toThrow(/got one starting with "keyframe:"/)
    expect(opaque).not.toThrow(/test-only-secret-pw/)
  })

  it('refuses what is not a URL without echoing any of it', () => {
    const resolving = () => resolveWith('keyframe test-only-secret-pw db.internal')
    expect(resolving).toThrow(/DATABASE_URL must be a PostgreSQL connection URL such as postgres:\/\//)
    expect(resolving).not.toThrow(/test-only-secret-pw/)
  })

  it('refuses a URL with no host', () => {
    expect(() => resolveWith('postgres:///keyframe')).toThrow(/DATABASE_URL must name the database server's host/)
  })

  it('scrubs a password given as a parameter too, and shows nothing past the scheme of a URL without //', () => {
    expect(scrubDatabaseUrl('postgres://db.internal/keyframe?user=k&password=test-only-secret-pw')).toBe('postgres://db.internal/keyframe?user=k&password=***')
    expect(scrubDatabaseUrl('postgres:k:test-only-secret-pw@db.internal')).toBe('postgres: (the rest not shown)')
  })
})

describe('DATABASE_SCHEMA', () => {
  it('defaults to keyframe, is read from the environment, and refuses a name PostgreSQL would need quoted', () => {
    expect(resolveOptions({ host: '127.0.0.1' }).databaseSchema).toBe('keyframe')
    expect(optionsFromEnv({ DATABASE_SCHEMA: ' studio_a ' }).databaseSchema).toBe('studio_a')
    expect(resolveOptions({ host: '127.0.0.1', databaseSchema: 'studio_a' }).databaseSchema).toBe('studio_a')
    expect(() => resolveOptions({ host: '127.0.0.1', databaseSchema: 'Studio-A; drop' })).toThrow(/DATABASE_SCHEMA must be lower-case letters, digits and _/)
    expect(() => resolveOptions({ host: '127.0.0.1', databaseSchema: 'a'.repeat(56) })).toThrow(/at most 55/)
  })
})
