import { randomUUID } from 'node:crypto'
import { consentChangedEvent, decideConsentChange, effectiveOccurredAt } from '../src/consent/consent-policy.js'
import type { ConsentChange, ConsentChangeResult, ConsentLogEntry, ConsentRecord } from '../src/consent/consent-types.js'
import type { Clock } from '../src/ports/clock.js'
import type { ConsentRepository } from '../src/ports/consent-repository.js'
import type { InMemoryConsentEventOutbox } from './in-memory-consent-event-outbox.js'

const key = (venueId: number, phone: string) => `${venueId}|${phone}`

/** Consent store in memory. Single-threaded JavaScript makes each synchronous section atomic. */
export class InMemoryConsentRepository implements ConsentRepository {
  readonly records = new Map<string, ConsentRecord>()
  readonly log: ConsentLogEntry[] = []
  readonly #evidenceSeen = new Set<string>()

  constructor(
    private readonly clock: Clock,
    private readonly outbox: InMemoryConsentEventOutbox,
  ) {}

  async get(venueId: number, phoneNumber: string): Promise<ConsentRecord | null> {
    const record = this.records.get(key(venueId, phoneNumber))
    return record ? { ...record } : null
  }

  async applyChange(change: ConsentChange): Promise<ConsentChangeResult> {
    const k = key(change.venueId, change.phoneNumber)
    const current = this.records.get(k) ?? null
    const evidence = change.evidence ?? {}
    const evidenceKey = evidence.providerMessageId ? `${evidence.provider ?? ''}|${evidence.providerMessageId}` : null
    if (evidenceKey && current && this.#evidenceSeen.has(evidenceKey)) return { kind: 'duplicate', record: { ...current } }
    const now = this.clock.now()
    const decision = decideConsentChange(current, change, now)
    if (decision.kind === 'unchanged') return { kind: 'unchanged', record: { ...current! } }
    this.log.push({
      id: randomUUID(),
      venueId: change.venueId,
      phoneNumber: change.phoneNumber,
      action: change.action,
      source: change.source,
      occurredAt: effectiveOccurredAt(change, now),
      recordedAt: now,
      disposition: decision.kind === 'apply' ? 'applied' : 'superseded',
      evidence: { ...evidence },
    })
    if (evidenceKey) this.#evidenceSeen.add(evidenceKey)
    if (decision.kind === 'superseded') return { kind: 'superseded', record: { ...current! } }
    this.records.set(k, decision.next)
    if (decision.statusChanged) this.outbox.enqueue(consentChangedEvent(change, decision.next), now)
    return { kind: 'applied', record: { ...decision.next }, statusChanged: decision.statusChanged, previousStatus: decision.previousStatus }
  }

  async history(venueId: number, phoneNumber: string): Promise<ConsentLogEntry[]> {
    return this.log.filter((e) => e.venueId === venueId && e.phoneNumber === phoneNumber).map((e) => ({ ...e }))
  }
}
