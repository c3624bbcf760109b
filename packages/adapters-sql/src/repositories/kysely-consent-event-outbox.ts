import type { ConsentChangedEvent, ConsentEventOutbox, OutboxEntry } from '@sms-notification/core'
import { sql } from 'kysely'
import { limitRows } from '../store/dialect-queries.js'
import { runStoreOperation } from '../store/run-store-operation.js'
import type { SqlStore } from '../store/sql-store.js'

const ROW_ID = /^\d{1,18}$/

export class KyselyConsentEventOutbox implements ConsentEventOutbox {
  constructor(private readonly store: SqlStore) {}

  /**
   * Picks due candidates, then takes each with a conditional UPDATE that only succeeds while the row is still
   * unleased. Two relays may pick the same candidates, but the database lets only one UPDATE match, so an
   * entry is never handed out twice; this needs no dialect-specific SKIP LOCKED / READPAST.
   *
   * A candidate must have no older unpublished entry for its (VenueID, PhoneNumber), so a phone's changes are
   * published in the order they were made even with several relays. Older means a lower ID: a key's changes
   * are written one at a time under the consent row's lock, so their IDs follow their commit order. The
   * UPDATE needs no second check: an entry that was free of older ones stays so, since publishing is final.
   */
  lease(limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    return runStoreOperation(this.store.dialect, 'outbox.lease', async () => {
      const { db, values, dialect } = this.store
      const now = this.store.clock.now()
      const due = values.date(now)
      const candidates = await limitRows(
        dialect,
        db
          .selectFrom('SmsConsentOutbox as o')
          .select('o.ID')
          .where('o.PublishedAt', 'is', null)
          .where('o.NextAttemptAt', '<=', due)
          .where((eb) => eb.or([eb('o.LeaseExpiresAt', 'is', null), eb('o.LeaseExpiresAt', '<=', due)]))
          .where((eb) =>
            eb.not(
              eb.exists(
                // One seek on IX_SmsConsentOutbox_PendingKey (VenueID, PhoneNumber, ID) WHERE PublishedAt IS NULL.
                eb
                  .selectFrom('SmsConsentOutbox as older')
                  .select(sql.lit(1).as('one'))
                  .where('older.PublishedAt', 'is', null)
                  .whereRef('older.VenueID', '=', 'o.VenueID')
                  .whereRef('older.PhoneNumber', '=', 'o.PhoneNumber')
                  .whereRef('older.ID', '<', 'o.ID'),
              ),
            ),
          )
          .orderBy('o.ID', 'asc'),
        Math.max(1, Math.trunc(limit)),
      ).execute()
      const leasedUntil = values.date(new Date(now.getTime() + leaseMs))
      const taken: string[] = []
      for (const candidate of candidates) {
        const result = await db
          .updateTable('SmsConsentOutbox')
          .set((eb) => ({ LeaseExpiresAt: leasedUntil, Attempts: eb('Attempts', '+', 1) }))
          .where('ID', '=', candidate.ID as never)
          .where('PublishedAt', 'is', null)
          .where((eb) => eb.or([eb('LeaseExpiresAt', 'is', null), eb('LeaseExpiresAt', '<=', due)]))
          .executeTakeFirst()
        if (Number(result.numUpdatedRows) === 1) taken.push(values.readId(candidate.ID))
      }
      if (taken.length === 0) return []
      const rows = await db
        .selectFrom('SmsConsentOutbox')
        .select(['ID', 'Payload', 'Attempts', 'CreatedAt'])
        .where('ID', 'in', taken as never[])
        .orderBy('ID', 'asc')
        .execute()
      return rows.map((row) => ({
        id: values.readId(row.ID),
        event: parsePayload(row.Payload),
        attempts: values.readInt(row.Attempts),
        createdAt: values.readDate(row.CreatedAt),
      }))
    })
  }

  markPublished(id: string): Promise<void> {
    return runStoreOperation(this.store.dialect, 'outbox.markPublished', async () => {
      if (!ROW_ID.test(id)) return
      await this.store.db
        .updateTable('SmsConsentOutbox')
        .set({ PublishedAt: this.store.values.date(this.store.clock.now()), LeaseExpiresAt: null })
        .where('ID', '=', id as never)
        .execute()
    })
  }

  markFailed(id: string, nextAttemptAt: Date, errorCode: string): Promise<void> {
    return runStoreOperation(this.store.dialect, 'outbox.markFailed', async () => {
      if (!ROW_ID.test(id)) return
      await this.store.db
        .updateTable('SmsConsentOutbox')
        .set({ LeaseExpiresAt: null, NextAttemptAt: this.store.values.date(nextAttemptAt), LastErrorCode: errorCode.slice(0, 50) })
        .where('ID', '=', id as never)
        .where('PublishedAt', 'is', null)
        .execute()
    })
  }

  pendingCount(): Promise<number> {
    return runStoreOperation(this.store.dialect, 'outbox.pendingCount', async () => {
      const row = await this.store.db
        .selectFrom('SmsConsentOutbox')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('PublishedAt', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(row.count)
    })
  }
}

function parsePayload(payload: unknown): ConsentChangedEvent {
  return (typeof payload === 'string' ? JSON.parse(payload) : payload) as ConsentChangedEvent
}
