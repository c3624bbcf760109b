import { consentChangedEvent, decideConsentChange, effectiveOccurredAt } from '@sms-notification/core'
import type {
  ConsentChange,
  ConsentChangeResult,
  ConsentEvidence,
  ConsentLogEntry,
  ConsentRecord,
  ConsentRepository,
} from '@sms-notification/core'
import type { Kysely } from 'kysely'
import type { SmsDatabase } from '../schema/database-schema.js'
import { CONSENT_SOURCE_IDS, nameOfId } from '../schema/lookup-ids.js'
import { isUniqueViolation, runStoreOperation } from '../store/run-store-operation.js'
import type { SqlStore } from '../store/sql-store.js'
import { writeTransaction } from '../store/write-transaction.js'
import { consentColumns, lockConsentRow, toConsentRecord } from './consent-rows.js'
import { storableTraceparent } from './storable-traceparent.js'

const MAX_KEY_RACES = 4

export class KyselyConsentRepository implements ConsentRepository {
  constructor(private readonly store: SqlStore) {}

  get(venueId: number, phoneNumber: string): Promise<ConsentRecord | null> {
    return runStoreOperation(this.store.dialect, 'consent.get', async () => {
      const row = await this.store.db
        .selectFrom('SmsConsent')
        .selectAll()
        .where('VenueID', '=', venueId)
        .where('PhoneNumber', '=', phoneNumber)
        .executeTakeFirst()
      return row ? toConsentRecord(this.store, row) : null
    })
  }

  applyChange(change: ConsentChange): Promise<ConsentChangeResult> {
    return runStoreOperation(this.store.dialect, 'consent.applyChange', async () => {
      // Resolved before the transaction: SQLite has one connection, which the transaction holds.
      const providerId = change.evidence?.provider ? await this.store.providers.require(change.evidence.provider) : null
      for (let attempt = 1; ; attempt++) {
        try {
          return await writeTransaction(this.store, (trx) => this.#apply(trx, change, providerId))
        } catch (error) {
          // Two first changes for one key both inserted (or one provider message logged twice): the loser
          // retries and now sees the winner's row.
          if (attempt < MAX_KEY_RACES && isUniqueViolation(this.store.dialect, error)) continue
          throw error
        }
      }
    })
  }

  history(venueId: number, phoneNumber: string): Promise<ConsentLogEntry[]> {
    return runStoreOperation(this.store.dialect, 'consent.history', async () => {
      const rows = await this.store.db
        .selectFrom('SmsConsentChanges as c')
        .leftJoin('ProviderNames as p', 'p.ID', 'c.ProviderNameID')
        .selectAll('c')
        .select('p.Name as ProviderName')
        .where('c.VenueID', '=', venueId)
        .where('c.PhoneNumber', '=', phoneNumber)
        .orderBy('c.ID', 'asc')
        .execute()
      const { values } = this.store
      return rows.map((row) => ({
        id: values.readId(row.ID),
        venueId: values.readInt(row.VenueID),
        phoneNumber: row.PhoneNumber,
        action: row.Action as ConsentLogEntry['action'],
        source: nameOfId(CONSENT_SOURCE_IDS, values.readInt(row.ConsentSourceID)),
        occurredAt: values.readDate(row.OccurredAt),
        recordedAt: values.readDate(row.RecordedAt),
        disposition: row.Disposition as ConsentLogEntry['disposition'],
        evidence: evidenceOf(row),
      }))
    })
  }

  async #apply(trx: Kysely<SmsDatabase>, change: ConsentChange, providerId: number | null): Promise<ConsentChangeResult> {
    const now = this.store.clock.now()
    const row = await lockConsentRow(this.store, trx, change.venueId, change.phoneNumber)
    const current = row ? toConsentRecord(this.store, row) : null
    const providerMessageId = change.evidence?.providerMessageId
    if (current && providerId !== null && providerMessageId) {
      const logged = await trx
        .selectFrom('SmsConsentChanges')
        .select('ID')
        .where('ProviderNameID', '=', providerId)
        .where('ProviderMessageID', '=', providerMessageId)
        .executeTakeFirst()
      if (logged) return { kind: 'duplicate', record: current }
    }
    const decision = decideConsentChange(current, change, now)
    if (decision.kind === 'unchanged') return { kind: 'unchanged', record: current! }
    if (decision.kind === 'superseded') {
      await this.#log(trx, change, providerId, 'superseded', now)
      return { kind: 'superseded', record: current! }
    }
    const columns = consentColumns(this.store, decision.next)
    if (current === null) {
      await trx
        .insertInto('SmsConsent')
        .values({
          VenueID: change.venueId,
          PhoneNumber: change.phoneNumber,
          CreatedAt: this.store.values.date(decision.next.createdAt),
          ...columns,
        })
        .execute()
    } else {
      await trx
        .updateTable('SmsConsent')
        .set(columns)
        .where('VenueID', '=', change.venueId)
        .where('PhoneNumber', '=', change.phoneNumber)
        .execute()
    }
    await this.#log(trx, change, providerId, 'applied', now)
    if (decision.statusChanged) await this.#enqueue(trx, change, decision.next, now)
    return { kind: 'applied', record: decision.next, statusChanged: decision.statusChanged, previousStatus: decision.previousStatus }
  }

  async #log(trx: Kysely<SmsDatabase>, change: ConsentChange, providerId: number | null, disposition: 'applied' | 'superseded', now: Date) {
    const evidence = change.evidence ?? {}
    await trx
      .insertInto('SmsConsentChanges')
      .values({
        VenueID: change.venueId,
        PhoneNumber: change.phoneNumber,
        Action: change.action,
        ConsentSourceID: CONSENT_SOURCE_IDS[change.source],
        Disposition: disposition,
        ProviderNameID: providerId,
        ProviderMessageID: evidence.providerMessageId ?? null,
        CorrelationID: evidence.correlationId ?? null,
        TraceParent: storableTraceparent(evidence.traceparent),
        OrderID: evidence.orderId ?? null,
        Note: evidence.note ?? null,
        // The time the change counted at (a future time counts as now), as the consent row and the event have it.
        OccurredAt: this.store.values.date(effectiveOccurredAt(change, now)),
        RecordedAt: this.store.values.date(now),
      })
      .execute()
  }

  async #enqueue(trx: Kysely<SmsDatabase>, change: ConsentChange, record: ConsentRecord, now: Date) {
    const event = consentChangedEvent(change, record)
    // The event id is derived from the change, so the same change applied again must not enqueue it twice.
    const queued = await trx.selectFrom('SmsConsentOutbox').select('ID').where('EventID', '=', event.eventId).executeTakeFirst()
    if (queued) return
    await trx
      .insertInto('SmsConsentOutbox')
      .values({
        EventID: event.eventId,
        EventType: event.type,
        VenueID: event.venueId,
        PhoneNumber: event.phoneNumber,
        Payload: JSON.stringify(event),
        Attempts: 0,
        NextAttemptAt: this.store.values.date(now),
        CreatedAt: this.store.values.date(now),
      })
      .execute()
  }
}

function evidenceOf(row: {
  ProviderName: string | null
  ProviderMessageID: string | null
  CorrelationID: string | null
  TraceParent: string | null
  OrderID: string | null
  Note: string | null
}): ConsentEvidence {
  return {
    ...(row.ProviderName != null ? { provider: row.ProviderName } : {}),
    ...(row.ProviderMessageID != null ? { providerMessageId: row.ProviderMessageID } : {}),
    ...(row.CorrelationID != null ? { correlationId: row.CorrelationID } : {}),
    ...(row.TraceParent != null ? { traceparent: row.TraceParent } : {}),
    ...(row.OrderID != null ? { orderId: row.OrderID } : {}),
    ...(row.Note != null ? { note: row.Note } : {}),
  }
}
