// What a store held, as plain records: the file store yields it (FileStore.snapshot) and PostgreSQL takes
// it in once (pg-import.ts) when a team moves a DATA_DIR proxy onto DATABASE_URL, so nothing paid for is lost.
import type { Booking, BookingEnd, JobRecord, RequestRecord } from './proxy-store'

/** A reservation as the ledger tells it: what was charged, when, and how it ended so far. */
export interface BookingRecord extends Booking {
  endpoint: string
  /** When it was reserved. */
  at: number
  /** The last ending recorded, if any (a release is also `released`). */
  ending?: BookingEnd
  /** Given back: it no longer counts against its day. */
  released: boolean
}

export interface StoreSnapshot {
  /** Sent (in doubt) and answered jobs within the retention; claims are never on disk. */
  jobs: JobRecord[]
  /** Request bindings within the retention, with their booking, refund flag, kept result or ended mark. */
  requests: RequestRecord[]
  /** Reservations made within the retention, released ones included (so a later release finds them). */
  bookings: BookingRecord[]
}
