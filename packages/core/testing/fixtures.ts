import type { ConsentEventOutbox } from '../src/ports/consent-event-outbox.js'
import type { ConsentRepository } from '../src/ports/consent-repository.js'
import type { SenderPacer } from '../src/ports/sender-pacer.js'
import type { SendHistoryRepository } from '../src/ports/send-history-repository.js'
import type { SmsProvider } from '../src/ports/sms-provider.js'
import type { VenuePhoneNumberRepository } from '../src/ports/venue-phone-number-repository.js'
import type { ManualClock } from './manual-clock.js'

/**
 * Raw reads of stored state that bypass the adapter under test, so a contract suite proves what was written,
 * not only what the adapter reads back. Dates come back as Date (or null); ids as strings or numbers as stored.
 */
export interface PersistenceBackdoor {
  consentRow(
    venueId: number,
    phoneNumber: string,
  ): Promise<{
    status: string
    source: string | null
    initialConsentAt: Date | null
    optedInAt: Date | null
    optedOutAt: Date | null
  } | null>
  /** Rows of the consent change log for the key: `disposition` is 'applied' or 'superseded'. */
  consentLog(
    venueId: number,
    phoneNumber: string,
  ): Promise<Array<{ action: string; source: string; disposition: string; providerMessageId: string | null }>>
  /** Every outbox row, oldest first. */
  outboxRows(): Promise<Array<{ id: string; type: string; venueId: number; phoneNumber: string; published: boolean }>>
  /** History rows for an order, any message type. */
  historyRows(
    orderId: string,
  ): Promise<Array<{ id: string; messageType: string; status: string; attempts: number; errorCode: string | null }>>
  /** Numbers of a venue as stored: status name and provider name. */
  venueNumbers(venueId: number): Promise<Array<{ id: number; phoneNumber: string; provider: string; status: string }>>
}

export interface PersistenceRepositories {
  consents: ConsentRepository
  outbox: ConsentEventOutbox
  history: SendHistoryRepository
  numbers: VenuePhoneNumberRepository
  pacer: SenderPacer
}

export interface PersistenceFixture extends PersistenceRepositories {
  backdoor: PersistenceBackdoor
  /**
   * Further independent instances on the same store (own connections where the store has connections),
   * used by the concurrency cases. In-memory stores return the same repositories; an embedded single-file store
   * (SQLite) may share its one connection, since a second handle in the same process would block the event loop.
   */
  connect(): Promise<PersistenceRepositories & { close(): Promise<void> }>
  /** Drops everything the fixture created. */
  close(): Promise<void>
}

export interface PersistenceContractOptions {
  /** Shown in the describe title, e.g. `postgres`. */
  name: string
  /**
   * Called before each test with a fresh clock: return repositories over an EMPTY store that read time from
   * that clock (leases, createdAt/updatedAt). Return null to skip the suite (say why in `skipReason`).
   */
  setup(context: { clock: ManualClock }): Promise<PersistenceFixture>
  /** When set, the suite is registered as skipped with this reason in its title. */
  skipReason?: string | null
}

export interface SmsProviderFixture {
  provider: SmsProvider
  /**
   * Recipients the provider (or the fake server behind it) is primed to answer with each outcome. `ok` gets
   * `sent`; the others get the outcome of the same name.
   */
  recipients: {
    ok: string
    optedOut: string
    invalid: string
    transient: string
    configuration?: string
  }
  /** Numbers the provider will sell for this country (e.g. `US`). */
  provisionCountry: string
  /** Messages the provider actually accepted, as seen by the far side (the fake server or the simulator). */
  accepted(): Promise<Array<{ from: string; to: string; body: string }>>
  close(): Promise<void>
}

export interface SmsProviderContractOptions {
  name: string
  setup(): Promise<SmsProviderFixture>
  skipReason?: string | null
}
