// A submit's start that failed and whose undoing failed too: nothing was sent to fal, but the store may
// still hold its reservation and its sent mark (the start may have been recorded before its answer was
// lost). The gate then answers 503 without saying "not charged".
import { StorageError } from '../storage-health'

export class ChargeMayBeHeld extends StorageError {
  constructor(cause: StorageError) {
    super(
      cause.path,
      cause.reason,
      `${cause.message} The proxy could not confirm that this submit left nothing behind, so a charge for it may be held ` +
        'and a resend of the same job may be refused as in doubt; start a new job if so.',
      cause.detail
    )
    this.name = 'ChargeMayBeHeld'
  }
}
