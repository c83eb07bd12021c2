// Fault injection for the offline service: one plan, set with POST /__offline/faults (or OFFLINE_FAULTS at
// start), read with GET, cleared with DELETE /__offline/faults or POST /__offline/reset.
//
// The plan (every field optional):
//   submit | status | result | cancel | initiate | upload:
//       { "status": 500, "times": 2, "body": {...} }   answer that HTTP status instead (body defaults to a
//                                                      fal-style { "detail": "..." }); `times` counts down,
//                                                      without it the fault holds until cleared
//   download: { "mode": "status", "status": 503, "times": 1 }   file GETs fail with that status
//             { "mode": "truncate", "times": 1 }                file GETs send half the bytes, then cut the line
//   loseSubmitAnswer: 1     the next N submits are queued (and billed) but their answer never reaches the
//                           proxy, as when fal's connection resets after accepting: the proxy must treat
//                           the job as in doubt (kept charged, never sent again)
//   dropSubmitResponse: 1   the next N submits are queued (and billed) but the connection is cut before
//                           the answer, as when a network drops a reply
//   fewerImages: 1          results carry that many fewer images than were asked for
//   malformedResult: true   results answer 200 with a body that has no `images` array
//   slowMs: 2000            extra delay before every fal-protocol answer and file download
//   cancelRunning: "stops" | "completes"
//                           what a job cancelled while IN_PROGRESS does (fal answers CANCELLATION_REQUESTED
//                           either way and the model decides): stop with no result (the default), or finish
//                           and deliver its images as if never cancelled
//   holdInQueueMs: 5000     jobs submitted while it is set wait that long IN_QUEUE before they run (a busy
//                           fal), so a cancel can be sent while a job is certainly queued
//   retentionMs: 500        results expire that long after the job ends, if sooner than fal's own 1 hour
//                           (6 minutes for a result of 10 KB or more); then status, result and cancel answer
//                           as for a request fal does not know
// Counted faults are consumed per call the proxy receives, so a client's own retries use them up.
import { z } from 'zod'

const statusFault = z.strictObject({
  status: z.number().int().min(400).max(599),
  times: z.number().int().positive().optional(),
  body: z.unknown().optional()
})

const downloadFault = z.strictObject({
  mode: z.enum(['status', 'truncate']),
  status: z.number().int().min(400).max(599).optional(),
  times: z.number().int().positive().optional()
})

export const faultPlanSchema = z.strictObject({
  submit: statusFault.optional(),
  status: statusFault.optional(),
  result: statusFault.optional(),
  cancel: statusFault.optional(),
  initiate: statusFault.optional(),
  upload: statusFault.optional(),
  download: downloadFault.optional(),
  loseSubmitAnswer: z.number().int().positive().optional(),
  dropSubmitResponse: z.number().int().positive().optional(),
  fewerImages: z.number().int().min(1).optional(),
  malformedResult: z.boolean().optional(),
  slowMs: z.number().int().min(0).max(120_000).optional(),
  cancelRunning: z.enum(['stops', 'completes']).optional(),
  retentionMs: z.number().int().min(0).optional(),
  holdInQueueMs: z.number().int().min(0).max(600_000).optional()
})

export type FaultPlan = z.infer<typeof faultPlanSchema>
export type StatusFault = z.infer<typeof statusFault>
export type DownloadFault = z.infer<typeof downloadFault>
export type StatusFaultKind = 'submit' | 'status' | 'result' | 'cancel' | 'initiate' | 'upload'

export function parseFaultPlan(value: unknown): FaultPlan {
  const parsed = faultPlanSchema.safeParse(value)
  if (!parsed.success) {
    throw new Error(`Invalid fault plan: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(plan)'}: ${i.message}`).join('; ')}`)
  }
  return parsed.data
}

export class Faults {
  private plan: FaultPlan = {}

  constructor(initial?: FaultPlan) {
    if (initial) this.set(initial)
  }

  set(plan: FaultPlan): void {
    this.plan = structuredClone(plan)
  }

  clear(): void {
    this.plan = {}
  }

  current(): FaultPlan {
    return structuredClone(this.plan)
  }

  /** The fault to apply to this call now, counting it down. */
  take(kind: 'download'): DownloadFault | undefined
  take(kind: StatusFaultKind): StatusFault | undefined
  take(kind: StatusFaultKind | 'download'): StatusFault | DownloadFault | undefined {
    const fault = this.plan[kind]
    if (!fault) return undefined
    if (fault.times !== undefined) {
      fault.times -= 1
      if (fault.times <= 0) delete this.plan[kind]
    }
    return fault
  }

  /** True (and counted down) when this submit's answer should be lost. */
  takeDropSubmit(): boolean {
    return this.countDown('dropSubmitResponse')
  }

  /** True (and counted down) when this submit's answer should never reach the proxy. */
  takeLoseSubmitAnswer(): boolean {
    return this.countDown('loseSubmitAnswer')
  }

  private countDown(kind: 'dropSubmitResponse' | 'loseSubmitAnswer'): boolean {
    const left = this.plan[kind] ?? 0
    if (left <= 0) return false
    if (left === 1) delete this.plan[kind]
    else this.plan[kind] = left - 1
    return true
  }

  get slowMs(): number {
    return this.plan.slowMs ?? 0
  }

  get fewerImages(): number {
    return this.plan.fewerImages ?? 0
  }

  get cancelRunning(): 'stops' | 'completes' {
    return this.plan.cancelRunning ?? 'stops'
  }

  /** The shortened retention, if the plan sets one. */
  get holdInQueueMs(): number | undefined {
    return this.plan.holdInQueueMs
  }

  get retentionMs(): number | undefined {
    return this.plan.retentionMs
  }

  get malformedResult(): boolean {
    return this.plan.malformedResult === true
  }
}
