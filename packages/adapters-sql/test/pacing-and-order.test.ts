import { ManualClock } from '@sms-notification/core/testing'
import { CompiledQuery, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createDatabase, openSqlDatabase } from '../src/index.js'
import type { QueryEvent, SqlDatabase, SqlDialectName } from '../src/index.js'
import {
  createSchema,
  dropSchema,
  postgresRequired,
  postgresSkipReason,
  schemaUrl,
  uniqueSchemaName,
} from './support/postgres-test-server.js'

const postgresSkip = await postgresSkipReason('sender pacing and outbox order on PostgreSQL')

interface Opened {
  database: SqlDatabase
  queries: QueryEvent[]
  /** Another instance on the same store (own pool on PostgreSQL), as another replica would have. */
  replica(): SqlDatabase
  dispose(): Promise<void>
}

interface Target {
  dialect: SqlDialectName
  skipReason: string | null
  open(clock: ManualClock): Promise<Opened>
}

const targets: Target[] = [
  {
    dialect: 'sqlite',
    skipReason: null,
    async open(clock) {
      const queries: QueryEvent[] = []
      const database = createDatabase('sqlite::memory:', { clock, onQuery: (q) => queries.push(q) })
      await database.migrateToLatest()
      return { database, queries, replica: () => openSqlDatabase(database.db, 'sqlite', { clock }), dispose: () => database.close() }
    },
  },
  {
    dialect: 'postgres',
    skipReason: postgresSkip && !postgresRequired ? postgresSkip : null,
    async open(clock) {
      const schema = uniqueSchemaName('pacing')
      await createSchema(schema)
      const queries: QueryEvent[] = []
      const database = createDatabase(schemaUrl(schema), { clock, poolMax: 2, onQuery: (q) => queries.push(q) })
      await database.migrateToLatest()
      const replicas: SqlDatabase[] = []
      return {
        database,
        queries,
        replica() {
          const replica = createDatabase(schemaUrl(schema), { clock, poolMax: 1 })
          replicas.push(replica)
          return replica
        },
        async dispose() {
          await Promise.all(replicas.map((r) => r.close()))
          await database.close()
          await dropSchema(schema)
        },
      }
    },
  },
]

const PHONES = ['+14155550101', '+14155550102', '+14155550103']

async function storedNextSlot(database: SqlDatabase, id: number): Promise<number | null> {
  const row = await database.db.selectFrom('SenderPacing').select('NextSlotAt').where('VenuePhoneNumberID', '=', id).executeTakeFirst()
  return row ? new Date(row.NextSlotAt).getTime() : null
}

for (const target of targets) {
  const title = `sender pacing and per-phone outbox order: ${target.dialect}`
  if (target.skipReason) {
    describe.skip(`${title} (skipped: ${target.skipReason})`, () => it('skipped', () => {}))
    continue
  }

  describe(title, () => {
    const disposals: Array<() => Promise<void>> = []
    afterEach(async () => {
      for (const dispose of disposals.splice(0)) await dispose()
    })
    const open = async (clock = new ManualClock()) => {
      const opened = await target.open(clock)
      disposals.push(opened.dispose)
      return { ...opened, clock }
    }

    it('counts slots in exact milliseconds, from a now that is not on a second, and stores slot + interval', async () => {
      const { database, clock } = await open()
      const now = new Date(clock.now().getTime() + 123)
      const offsets: number[] = []
      for (let i = 0; i < 40; i++) {
        const r = await database.repositories.pacer.reserve(9, now, 333, 60_000)
        offsets.push(r.kind === 'slot' ? r.at.getTime() - now.getTime() : -1)
      }
      expect(offsets).toEqual(Array.from({ length: 40 }, (_, i) => i * 333))
      expect(await storedNextSlot(database, 9)).toBe(now.getTime() + 40 * 333)
      // A fractional interval is whole milliseconds.
      const next = await database.repositories.pacer.reserve(9, now, 250.4, 60_000)
      expect(next).toEqual({ kind: 'slot', at: new Date(now.getTime() + 40 * 333) })
      expect(await storedNextSlot(database, 9)).toBe(now.getTime() + 40 * 333 + 250)
    })

    it('busy changes nothing; a wait of zero takes only a free slot', async () => {
      const { database, clock } = await open()
      const now = clock.now()
      expect(await database.repositories.pacer.reserve(4, now, 1_000, 0)).toEqual({ kind: 'slot', at: now })
      expect(await database.repositories.pacer.reserve(4, now, 1_000, 0)).toEqual({ kind: 'busy', retryAfterMs: 1_000 })
      expect(await database.repositories.pacer.reserve(4, now, 5_000, 999)).toEqual({ kind: 'busy', retryAfterMs: 1_000 })
      expect(await storedNextSlot(database, 4)).toBe(now.getTime() + 1_000)
      const later = new Date(now.getTime() + 1_000)
      expect(await database.repositories.pacer.reserve(4, later, 1_000, 0)).toEqual({ kind: 'slot', at: later })
    })

    it('refuses arguments that are not numbers as defects', async () => {
      const { database, clock } = await open()
      await expect(database.repositories.pacer.reserve(1.5, clock.now(), 1_000, 0)).rejects.toBeInstanceOf(RangeError)
      await expect(database.repositories.pacer.reserve(1, clock.now(), Number.NaN, 0)).rejects.toBeInstanceOf(RangeError)
      expect(await storedNextSlot(database, 1)).toBeNull()
    })

    it("several relays draining interleaved changes publish each phone's changes in the order they were made", async () => {
      const { database, clock, replica } = await open()
      for (let round = 0; round < 4; round++) {
        for (const phone of PHONES) {
          clock.advance(1_000)
          await database.repositories.consents.applyChange({
            venueId: 7,
            phoneNumber: phone,
            action: round % 2 ? 'opt_in' : 'opt_out',
            source: 'support_request',
            occurredAt: clock.now(),
          })
        }
      }
      const created = await database.backdoor.outboxRows()
      expect(created).toHaveLength(12)
      const [first, second, third] = [database, replica(), replica()]
      const phoneOf = (id: string) => created.find((e) => e.id === id)?.phoneNumber
      // A relay holding a phone's oldest entry holds back that phone's later ones from every relay, and only that phone's.
      const held = await first.repositories.outbox.lease(1, 30_000)
      expect(held.map((e) => e.event.phoneNumber)).toEqual([PHONES[0]])
      const others = await second.repositories.outbox.lease(10, 30_000)
      expect(others.map((e) => e.event.phoneNumber)).toEqual([PHONES[1], PHONES[2]])
      expect(await third.repositories.outbox.lease(10, 30_000)).toEqual([])
      const published: string[] = []
      for (const entry of [...held, ...others]) {
        published.push(entry.id)
        await database.repositories.outbox.markPublished(entry.id)
      }
      // Then all three drain the rest, five at a time, each publishing its lease in reverse: were two entries of one
      // phone ever in flight together, the later one would go first.
      const drain = async (relay: SqlDatabase) => {
        for (let idle = 0; idle < 3; ) {
          const leased = await relay.repositories.outbox.lease(5, 30_000)
          if (leased.length === 0) {
            idle++
            await new Promise((r) => setTimeout(r, 5))
            continue
          }
          idle = 0
          expect(new Set(leased.map((e) => phoneOf(e.id))).size).toBe(leased.length)
          for (const entry of [...leased].reverse()) {
            published.push(entry.id)
            await relay.repositories.outbox.markPublished(entry.id)
          }
        }
      }
      await Promise.all([first, second, third].map(drain))
      expect([...published].sort()).toEqual(created.map((e) => e.id).sort())
      for (const phone of PHONES) {
        const ids = created.filter((e) => e.phoneNumber === phone).map((e) => e.id)
        expect(published.filter((id) => ids.includes(id))).toEqual(ids)
      }
    })

    if (target.dialect === 'postgres') {
      it('the lease query finds older entries of a key with one seek on IX_SmsConsentOutbox_PendingKey', async () => {
        const { database, queries, clock } = await open()
        // A relay's backlog: 20,000 entries over 2,000 phones, the last 2,000 unpublished, planned with statistics.
        await sql`insert into "SmsConsentOutbox" ("EventID", "EventType", "VenueID", "PhoneNumber", "Payload", "Attempts", "NextAttemptAt", "CreatedAt", "PublishedAt")
          select 'e' || g, 'SmsUnsubscribe', g % 50, '+1415555' || lpad((g % 2000)::text, 4, '0'), '{}'::jsonb, 0, ${clock.now()}, ${clock.now()},
                 case when g <= 18000 then ${clock.now()}::timestamptz end
          from generate_series(1, 20000) g`.execute(database.db)
        await sql`analyze "SmsConsentOutbox"`.execute(database.db)
        await database.repositories.outbox.lease(10, 30_000)
        const lease = queries.find((q) => q.sql.startsWith('select') && q.sql.includes('"SmsConsentOutbox" as "older"'))
        if (!lease) throw new Error('no lease query recorded')
        const explained = await database.db.executeQuery(CompiledQuery.raw(`explain ${lease.sql}`, [...lease.parameters]))
        const plan = (explained.rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n')
        expect(plan).toMatch(/Anti Join/)
        expect(plan).toMatch(
          /Index (Only )?Scan using "IX_SmsConsentOutbox_PendingKey" on "SmsConsentOutbox" older[^\n]*\n\s+Index Cond: \(\("VenueID" = o\."VenueID"\) AND \("PhoneNumber" = \(?o\."PhoneNumber"\)?(::text)?\) AND \("ID" < o\."ID"\)\)/,
        )
      })
    }
  })
}
