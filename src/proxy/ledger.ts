// Spend per token per day, in an append-only JSONL file so a restart forgets nothing.
// A submit reserves its cost before it is forwarded and releases it if fal refuses. Reservations
// check and append synchronously: Node runs one at a time, so concurrent submits cannot overspend.
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'

export type LedgerEntry =
  | { type: 'reserve'; id: string; token: string; day: string; mills: number; endpoint: string; at: string }
  | { type: 'release'; id: string; reason: string; at: string }
  | { type: 'commit'; id: string; request_id: string; at: string }

export type Reservation =
  | { ok: true; id: string }
  | { ok: false; spentMills: number; budgetMills: number; costMills: number }

export class Ledger {
  private readonly spent = new Map<string, number>()
  private readonly open = new Map<string, { key: string; mills: number }>()

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date()
  ) {
    mkdirSync(dirname(file), { recursive: true })
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8')
      this.replay(text)
      // End a line a crash cut short, so the next entry starts on a line of its own.
      if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n')
    }
  }

  /** Mills spent (reserved and not released) by a token on today's UTC date. */
  spentTodayMills(tokenHash: string): number {
    return this.spent.get(key(tokenHash, this.day())) ?? 0
  }

  reserve(tokenHash: string, costMills: number, budgetMills: number | undefined, endpoint: string): Reservation {
    const day = this.day()
    const k = key(tokenHash, day)
    const spentMills = this.spent.get(k) ?? 0
    if (budgetMills !== undefined && spentMills + costMills > budgetMills) {
      return { ok: false, spentMills, budgetMills, costMills }
    }
    const id = randomUUID()
    this.write({ type: 'reserve', id, token: tokenHash, day, mills: costMills, endpoint, at: this.now().toISOString() })
    return { ok: true, id }
  }

  release(id: string, reason: string): void {
    if (this.open.has(id)) this.write({ type: 'release', id, reason, at: this.now().toISOString() })
  }

  commit(id: string, requestId: string): void {
    this.write({ type: 'commit', id, request_id: requestId, at: this.now().toISOString() })
  }

  private write(entry: LedgerEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`)
    this.apply(entry)
  }

  private apply(entry: LedgerEntry): void {
    if (entry.type === 'reserve') {
      const k = key(entry.token, entry.day)
      this.spent.set(k, (this.spent.get(k) ?? 0) + entry.mills)
      this.open.set(entry.id, { key: k, mills: entry.mills })
    } else if (entry.type === 'release') {
      const r = this.open.get(entry.id)
      if (!r) return
      this.spent.set(r.key, (this.spent.get(r.key) ?? 0) - r.mills)
      this.open.delete(entry.id)
    }
  }

  private replay(text: string): void {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      try {
        this.apply(JSON.parse(line) as LedgerEntry)
      } catch {
        // A line cut short by a crash: skip it rather than refuse to start.
      }
    }
  }

  private day(): string {
    return this.now().toISOString().slice(0, 10)
  }
}

function key(tokenHash: string, day: string): string {
  return `${tokenHash}|${day}`
}
