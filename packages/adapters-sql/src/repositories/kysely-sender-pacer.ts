import { TransientStoreError } from '@sms-notification/core'
import type { PacingSlot, SenderPacer } from '@sms-notification/core'
import { sql } from 'kysely'
import type { Kysely, RawBuilder } from 'kysely'
import type { SmsDatabase } from '../schema/database-schema.js'
import { isUniqueViolation, runStoreOperation } from '../store/run-store-operation.js'
import type { SqlStore } from '../store/sql-store.js'

interface Reservation {
  id: number
  now: Date
  intervalMs: number
  /** now + maxWaitMs: the latest slot the caller accepts. */
  latest: Date
}

/**
 * Sender pacing in `SenderPacing` (one row per sender: its next free slot). A reservation is a single
 * conditional write that computes the slot from the stored value inside the database, so callers on any
 * connection or replica never get the same slot: PostgreSQL and SQLite use INSERT … ON CONFLICT DO UPDATE …
 * WHERE … RETURNING; SQL Server, which has neither, an UPDATE WITH (UPDLOCK, HOLDLOCK) … OUTPUT in a
 * transaction, inserting the row when the sender has none.
 */
export class KyselySenderPacer implements SenderPacer {
  constructor(private readonly store: SqlStore) {}

  reserve(venuePhoneNumberId: number, now: Date, intervalMs: number, maxWaitMs: number): Promise<PacingSlot> {
    return runStoreOperation(this.store.dialect, 'pacer.reserve', async () => {
      if (!Number.isSafeInteger(venuePhoneNumberId)) throw new RangeError('venuePhoneNumberId must be an integer')
      if (!Number.isFinite(intervalMs) || !Number.isFinite(maxWaitMs)) throw new RangeError('intervalMs and maxWaitMs must be finite')
      // Whole milliseconds: the slot arithmetic happens in SQL, where every dialect counts in them.
      const interval = Math.max(0, Math.round(intervalMs))
      const reservation = {
        id: venuePhoneNumberId,
        now,
        intervalMs: interval,
        latest: new Date(now.getTime() + Math.max(0, Math.round(maxWaitMs))),
      }
      return this.store.dialect === 'mssql' ? this.#reserveLocked(reservation) : this.#reserveUpsert(reservation)
    })
  }

  async #reserveUpsert(r: Reservation): Promise<PacingSlot> {
    const { db, values, dialect } = this.store
    const now = values.date(r.now)
    const stored = sql.ref('SenderPacing.NextSlotAt')
    // ISO-8601 text compares in time order on SQLite, so max() picks the later instant there too.
    const slot = dialect === 'postgres' ? sql`greatest(${stored}, ${now})` : sql`max(${stored}, ${now})`
    const next: RawBuilder<unknown> =
      dialect === 'postgres'
        ? sql`${slot} + cast(${r.intervalMs} as integer) * interval '1 millisecond'`
        : sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${slot}, ${`+${r.intervalMs / 1000} seconds`})`
    const row = await db
      .insertInto('SenderPacing')
      .values({ VenuePhoneNumberID: r.id, NextSlotAt: values.date(new Date(r.now.getTime() + r.intervalMs)) })
      .onConflict((oc) =>
        oc
          .column('VenuePhoneNumberID')
          .doUpdateSet({ NextSlotAt: next as never })
          .where(sql<boolean>`${slot} <= ${values.date(r.latest)}`),
      )
      .returning('NextSlotAt')
      .executeTakeFirst()
    if (row) return { kind: 'slot', at: new Date(values.readDate(row.NextSlotAt).getTime() - r.intervalMs) }
    // The guard refused: the next slot is too far. Slots only move forward, so this read is never earlier.
    return this.#busy(db, r)
  }

  async #reserveLocked(r: Reservation): Promise<PacingSlot> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.db.transaction().execute((trx) => this.#reserveInTransaction(trx, r))
      } catch (error) {
        // Two first reservations for a sender both inserted: the loser runs again and now updates the row.
        if (attempt < 2 && isUniqueViolation(this.store.dialect, error)) continue
        if (isUniqueViolation(this.store.dialect, error))
          throw new TransientStoreError('pacing_contention', 'pacer.reserve kept racing', { cause: error })
        throw error
      }
    }
  }

  async #reserveInTransaction(trx: Kysely<SmsDatabase>, r: Reservation): Promise<PacingSlot> {
    const { values } = this.store
    const now = values.date(r.now)
    const slot = sql`case when "NextSlotAt" > ${now} then "NextSlotAt" else ${now} end`
    // One statement reads and moves the slot under an update lock; a busy sender keeps its value (the CASE
    // writes it back unchanged) and the OUTPUT of both versions tells the caller which case it was.
    const updated = await sql<{
      Before: unknown
      After: unknown
    }>`update "SenderPacing" with (updlock, holdlock) set "NextSlotAt" = case when ${slot} <= ${values.date(r.latest)} then dateadd(millisecond, ${r.intervalMs}, ${slot}) else "NextSlotAt" end output deleted."NextSlotAt" as "Before", inserted."NextSlotAt" as "After" where "VenuePhoneNumberID" = ${r.id}`.execute(
      trx,
    )
    const row = updated.rows[0]
    if (row) {
      const at = Math.max(values.readDate(row.Before).getTime(), r.now.getTime())
      if (at > r.latest.getTime()) return { kind: 'busy', retryAfterMs: at - r.now.getTime() }
      return { kind: 'slot', at: new Date(at) }
    }
    // HOLDLOCK kept the missing key's range locked, so a racing first reservation waits for this insert.
    await trx
      .insertInto('SenderPacing')
      .values({ VenuePhoneNumberID: r.id, NextSlotAt: values.date(new Date(r.now.getTime() + r.intervalMs)) })
      .execute()
    return { kind: 'slot', at: r.now }
  }

  async #busy(db: Kysely<SmsDatabase>, r: Reservation): Promise<PacingSlot> {
    const row = await db.selectFrom('SenderPacing').select('NextSlotAt').where('VenuePhoneNumberID', '=', r.id).executeTakeFirst()
    if (!row) throw new TransientStoreError('pacing_contention', 'pacer.reserve lost the sender row')
    const at = Math.max(this.store.values.readDate(row.NextSlotAt).getTime(), r.now.getTime())
    return { kind: 'busy', retryAfterMs: at - r.now.getTime() }
  }
}
