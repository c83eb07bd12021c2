// A submit's steps on the file store: the three parts' own calls in turn. The file store is one instance and
// each call decides with nothing awaited in between, so the claim held in memory keeps any other start of
// the job out while the budget is checked; only the sent mark reaches the disk (fsynced) before the forward.
import { StorageError } from '../../storage-health'
import { ChargeMayBeHeld } from '../charge-may-be-held'
import type { SubmitStore } from '../proxy-store'
import type { FileJobStore } from './job-store'
import type { FileRequestStore } from './request-store'
import type { FileSpendStore } from './spend-store'

export function fileSubmits(jobs: FileJobStore, spend: FileSpendStore, requests: FileRequestStore): SubmitStore {
  return {
    async start({ jobId, token, fingerprint, costMills, limits, endpoint }) {
      const claim = await jobs.claim({ jobId, token, fingerprint })
      if (claim.kind !== 'claimed') return claim
      try {
        const reservation = await spend.reserve({ token, costMills, limits, endpoint })
        if (!reservation.ok) {
          await jobs.release(jobId, claim.claim)
          return { kind: 'refused', refusal: reservation }
        }
        try {
          await jobs.markSent(jobId, claim.claim)
        } catch (error) {
          // Not sent: the money comes back before the failure is answered (503, nothing sent). Should that
          // fail too, the answer must not say "not charged".
          try {
            await spend.end(reservation.booking, { kind: 'release', reason: 'submit intent could not be recorded; not sent' })
          } catch {
            throw error instanceof StorageError ? new ChargeMayBeHeld(error) : error
          }
          throw error
        }
        return { kind: 'sent', booking: reservation.booking }
      } catch (error) {
        await jobs.release(jobId, claim.claim)
        throw error
      }
    },

    async accept({ booking, requestId, token, endpoint, job }) {
      // Three files, each written whatever became of the others; the first failure is reported after.
      const failures: unknown[] = []
      const step = (write: () => Promise<void>) => write().catch((error: unknown) => void failures.push(error))
      await step(() => spend.end(booking, { kind: 'commit', requestId }))
      await step(() => requests.bind({ requestId, token, endpoint, booking }))
      if (job) await step(() => jobs.answer(job.jobId, job.answer))
      if (failures.length > 0) throw failures[0]
    }
  }
}
