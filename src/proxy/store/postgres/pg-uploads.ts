// Upload slots in PostgreSQL, so the PUT of a reference may reach any instance. Opening takes a
// transaction-scoped advisory lock, so the cap on open slots holds across instances; a claim is one
// conditional DELETE … RETURNING, so of concurrent claims (any instance) exactly one gets the slot.
// The target (fal's signed upload URL) is only ever a query parameter: pg's errors do not echo it.
import { newUploadId } from '../../uploads/upload-slots'
import type { StoreClock, UploadClaim, UploadStore } from '../proxy-store'
import { num, type PgDb } from './pg-db'

export function pgUploads(db: PgDb, now: StoreClock): UploadStore {
  const { t } = db
  return {
    async open(slot, maxOpen) {
      return db.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`keyframe-upload-slots:${db.schema}`])
        // Expired slots are not open, and their fal URLs are no use to anyone: they go first.
        await client.query(`DELETE FROM ${t.uploads} WHERE expires_at <= $1`, [now()])
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.uploads}`)
        if ((rows[0]?.n ?? 0) >= maxOpen) return undefined
        const id = newUploadId()
        await client.query(`INSERT INTO ${t.uploads} (id, target, token, content_type, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
          id,
          slot.target,
          slot.token,
          slot.contentType,
          slot.expiresAt
        ])
        return id
      })
    },

    async claim(id, token): Promise<UploadClaim> {
      const at = now()
      const { rows } = await db.query(
        `DELETE FROM ${t.uploads} WHERE id = $1 AND expires_at > $2 AND ($3::text IS NULL OR token = $3)
         RETURNING target, token, content_type, expires_at`,
        [id, at, token ?? null]
      )
      const row = rows[0]
      if (row) {
        return { ok: true, slot: { target: String(row.target), token: String(row.token), contentType: String(row.content_type), expiresAt: num(row.expires_at) } }
      }
      // Not taken: say why. A slot another claim took in between is gone, which is 'unknown' (already used).
      const expired = await db.query(`DELETE FROM ${t.uploads} WHERE id = $1 AND expires_at <= $2 RETURNING id`, [id, at])
      if (expired.rowCount) return { ok: false, reason: 'expired' }
      const held = await db.query(`SELECT 1 FROM ${t.uploads} WHERE id = $1`, [id])
      return held.rowCount ? { ok: false, reason: 'other-token' } : { ok: false, reason: 'unknown' }
    }
  }
}
