import { systemClock, type Clock } from '../src/ports/clock.js'
import type { PersistenceBackdoor, PersistenceFixture } from './fixtures.js'
import { InMemoryConsentEventOutbox } from './in-memory-consent-event-outbox.js'
import { InMemoryConsentRepository } from './in-memory-consent-repository.js'
import { InMemorySenderPacer } from './in-memory-sender-pacer.js'
import { InMemorySendHistoryRepository } from './in-memory-send-history-repository.js'
import { InMemoryVenuePhoneNumberRepository } from './in-memory-venue-phone-number-repository.js'

export interface InMemoryPersistence {
  consents: InMemoryConsentRepository
  outbox: InMemoryConsentEventOutbox
  history: InMemorySendHistoryRepository
  numbers: InMemoryVenuePhoneNumberRepository
  pacer: InMemorySenderPacer
}

/** Every persistence port in memory, sharing one clock: for unit tests and for embedding without a database. */
export function createInMemoryPersistence(options: { clock?: Clock } = {}): InMemoryPersistence {
  const clock = options.clock ?? systemClock
  const outbox = new InMemoryConsentEventOutbox(clock)
  return {
    outbox,
    consents: new InMemoryConsentRepository(clock, outbox),
    history: new InMemorySendHistoryRepository(clock),
    numbers: new InMemoryVenuePhoneNumberRepository(clock),
    pacer: new InMemorySenderPacer(),
  }
}

/** The contract-suite fixture over in-memory stores; its backdoor reads the stores' own rows. */
export function inMemoryPersistenceFixture(clock: Clock): PersistenceFixture {
  const p = createInMemoryPersistence({ clock })
  const backdoor: PersistenceBackdoor = {
    async consentRow(venueId, phone) {
      const r = p.consents.records.get(`${venueId}|${phone}`)
      return r
        ? { status: r.status, source: r.source, initialConsentAt: r.initialConsentAt, optedInAt: r.optedInAt, optedOutAt: r.optedOutAt }
        : null
    },
    async consentLog(venueId, phone) {
      return p.consents.log
        .filter((e) => e.venueId === venueId && e.phoneNumber === phone)
        .map((e) => ({
          action: e.action,
          source: e.source,
          disposition: e.disposition,
          providerMessageId: e.evidence.providerMessageId ?? null,
        }))
    },
    async outboxRows() {
      return p.outbox.rows.map((r) => ({
        id: r.id,
        type: r.event.type,
        venueId: r.event.venueId,
        phoneNumber: r.event.phoneNumber,
        published: r.publishedAt !== null,
      }))
    },
    async historyRows(orderId) {
      return [...p.history.rows.values()]
        .filter((r) => r.orderId === orderId)
        .map((r) => ({ id: r.id, messageType: r.messageType, status: r.status, attempts: r.attempts, errorCode: r.errorCode }))
    },
    async venueNumbers(venueId) {
      return p.numbers.rows
        .filter((r) => r.venueId === venueId)
        .map((r) => ({ id: r.id, phoneNumber: r.phoneNumber, provider: r.provider, status: r.status }))
    },
  }
  return {
    ...p,
    backdoor,
    async connect() {
      return { ...p, async close() {} }
    },
    async close() {},
  }
}
