import { randomUUID } from 'node:crypto'
import type { ConsentChangedEvent } from '../src/consent/consent-types.js'
import type { Clock } from '../src/ports/clock.js'
import type { ConsentEventOutbox, OutboxEntry } from '../src/ports/consent-event-outbox.js'

export interface InMemoryOutboxRow {
  id: string
  event: ConsentChangedEvent
  attempts: number
  createdAt: Date
  nextAttemptAt: Date
  leaseUntil: Date | null
  publishedAt: Date | null
  lastError: string | null
}

export class InMemoryConsentEventOutbox implements ConsentEventOutbox {
  readonly rows: InMemoryOutboxRow[] = []
  readonly #eventIds = new Set<string>()

  constructor(private readonly clock: Clock) {}

  /** Called by the consent repository inside its "transaction". Same event id twice is stored once. */
  enqueue(event: ConsentChangedEvent, at: Date): void {
    if (this.#eventIds.has(event.eventId)) return
    this.#eventIds.add(event.eventId)
    this.rows.push({
      id: randomUUID(),
      event,
      attempts: 0,
      createdAt: at,
      nextAttemptAt: at,
      leaseUntil: null,
      publishedAt: null,
      lastError: null,
    })
  }

  async lease(limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    const now = this.clock.now().getTime()
    // A phone's changes leave in order: an entry waits while an older one for the same key is unpublished.
    const blocked = new Set<string>()
    const due: InMemoryOutboxRow[] = []
    for (const r of this.rows) {
      if (r.publishedAt) continue
      const key = `${r.event.venueId}|${r.event.phoneNumber}`
      const ready = r.nextAttemptAt.getTime() <= now && (!r.leaseUntil || r.leaseUntil.getTime() <= now)
      if (ready && !blocked.has(key) && due.length < limit) due.push(r)
      blocked.add(key)
    }
    for (const r of due) {
      r.leaseUntil = new Date(now + leaseMs)
      r.attempts += 1
    }
    return due.map((r) => ({ id: r.id, event: r.event, attempts: r.attempts, createdAt: r.createdAt }))
  }

  async markPublished(id: string): Promise<void> {
    const row = this.rows.find((r) => r.id === id)
    if (row) {
      row.publishedAt = this.clock.now()
      row.leaseUntil = null
    }
  }

  async markFailed(id: string, nextAttemptAt: Date, errorCode: string): Promise<void> {
    const row = this.rows.find((r) => r.id === id)
    if (row && !row.publishedAt) {
      row.nextAttemptAt = nextAttemptAt
      row.leaseUntil = null
      row.lastError = errorCode
    }
  }

  async pendingCount(): Promise<number> {
    return this.rows.filter((r) => !r.publishedAt).length
  }
}
