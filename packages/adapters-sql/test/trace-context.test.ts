import { randomUUID } from 'node:crypto'
import type { SendClaimRequest } from '@sms-notification/core'
import { ManualClock } from '@sms-notification/core/testing'
import { Migrator } from 'kysely'
import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { SmsMigrationProvider, createDatabase } from '../src/index.js'
import type { SqlDatabase, SqlDialectName } from '../src/index.js'
import {
  createSchema,
  dropSchema,
  postgresRequired,
  postgresSkipReason,
  schemaUrl,
  uniqueSchemaName,
} from './support/postgres-test-server.js'

const TRACE_A = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
const TRACE_B = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
/** A legacy hierarchical Request-Id, as `Diagnostic-Id` may carry: longer than the varchar(55) column. */
const LEGACY_REQUEST_ID = '|4bf92f3577b34da6a3ce929d0e0e4736.00f067aa0ba902b7.1.2.3.4.5.6.7.8.9.'
const PHONE = '+14155550100'

const postgresSkip = await postgresSkipReason('trace context on PostgreSQL')

interface Target {
  dialect: SqlDialectName
  skipReason: string | null
  /** A fresh, unmigrated database and how to get rid of it. */
  open(clock: ManualClock): Promise<{ database: SqlDatabase; migrationTableSchema?: string; dispose(): Promise<void> }>
}

const targets: Target[] = [
  {
    dialect: 'sqlite',
    skipReason: null,
    async open(clock) {
      const database = createDatabase('sqlite::memory:', { clock })
      return { database, dispose: () => database.close() }
    },
  },
  {
    dialect: 'postgres',
    skipReason: postgresSkip && !postgresRequired ? postgresSkip : null,
    async open(clock) {
      const schema = uniqueSchemaName('trace')
      await createSchema(schema)
      const database = createDatabase(schemaUrl(schema), { clock, poolMax: 2 })
      return {
        database,
        migrationTableSchema: schema,
        async dispose() {
          await database.close()
          await dropSchema(schema)
        },
      }
    },
  },
]

for (const target of targets) {
  const title = `trace context in history and consent log: ${target.dialect}`
  if (target.skipReason) {
    describe.skip(`${title} (skipped: ${target.skipReason})`, () => it('skipped', () => {}))
    continue
  }

  describe(title, () => {
    const disposals: Array<() => Promise<void>> = []
    afterEach(async () => {
      for (const dispose of disposals.splice(0)) await dispose()
    })

    async function migrated(clock: ManualClock): Promise<SqlDatabase> {
      const opened = await target.open(clock)
      disposals.push(opened.dispose)
      await opened.database.migrateToLatest()
      return opened.database
    }

    const claimRequest = (over: Partial<SendClaimRequest> = {}): SendClaimRequest => ({
      orderId: randomUUID(),
      messageType: 'order_confirmation',
      venueId: 7,
      customerId: randomUUID(),
      customerPhoneNumber: PHONE,
      correlationId: 'corr-1',
      traceparent: TRACE_A,
      leaseMs: 1_000,
      ...over,
    })

    it("a takeover claim replaces the trace context with the new message's", async () => {
      const clock = new ManualClock()
      const { history } = (await migrated(clock)).repositories
      const request = claimRequest()
      const first = await history.claim(request)
      if (first.kind !== 'claimed') throw new Error(`expected a claim, got ${first.kind}`)
      expect((await history.getById(first.historyId))?.traceparent).toBe(TRACE_A)

      clock.advance(2_000) // the first worker's lease ran out
      const takeover = await history.claim({ ...request, correlationId: 'corr-2', traceparent: TRACE_B })
      expect(takeover).toMatchObject({ kind: 'claimed', historyId: first.historyId, takenOver: true })
      expect(await history.getById(first.historyId)).toMatchObject({ correlationId: 'corr-2', traceparent: TRACE_B })

      clock.advance(2_000)
      await history.claim({ ...request, correlationId: 'corr-3', traceparent: null })
      expect(await history.getById(first.historyId)).toMatchObject({ correlationId: 'corr-3', traceparent: null })
    })

    it('claims a message whose trace header is not a W3C traceparent, storing no trace context', async () => {
      const { history } = (await migrated(new ManualClock())).repositories
      const claim = await history.claim(claimRequest({ traceparent: LEGACY_REQUEST_ID }))
      if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`)
      expect((await history.getById(claim.historyId))?.traceparent).toBeNull()
    })

    it('keeps the trace context in the consent change log and in the outbox event', async () => {
      const clock = new ManualClock()
      const { consents, outbox } = (await migrated(clock)).repositories
      const occurredAt = clock.now()
      await consents.applyChange({
        venueId: 7,
        phoneNumber: PHONE,
        action: 'opt_out',
        source: 'sms_keyword',
        occurredAt,
        evidence: { provider: 'twilio', providerMessageId: 'SMtrace', correlationId: 'corr-9', traceparent: TRACE_A },
      })
      await consents.applyChange({
        venueId: 7,
        phoneNumber: PHONE,
        action: 'opt_in',
        source: 'sms_keyword',
        occurredAt: new Date(occurredAt.getTime() + 1),
        evidence: { provider: 'twilio', providerMessageId: 'SMlegacy', traceparent: LEGACY_REQUEST_ID },
      })
      clock.advance(1_000)
      const log = await consents.history(7, PHONE)
      expect(log.map((entry) => entry.evidence)).toEqual([
        { provider: 'twilio', providerMessageId: 'SMtrace', correlationId: 'corr-9', traceparent: TRACE_A },
        { provider: 'twilio', providerMessageId: 'SMlegacy' },
      ])
      const [optOut] = await outbox.lease(10, 30_000)
      expect(optOut?.event).toMatchObject({ type: 'SmsUnsubscribe', correlationId: 'corr-9', traceparent: TRACE_A })
    })

    it('migrates a database holding rows from before the trace context: they read as having none', async () => {
      const clock = new ManualClock()
      const opened = await target.open(clock)
      disposals.push(opened.dispose)
      const { database } = opened
      const migrator = new Migrator({
        db: database.db,
        provider: new SmsMigrationProvider(target.dialect),
        ...(opened.migrationTableSchema ? { migrationTableSchema: opened.migrationTableSchema } : {}),
      })
      const to0007 = await migrator.migrateTo('0007_venue_number_provisioning')
      expect(to0007.error).toBeUndefined()
      const request = claimRequest({ traceparent: undefined })
      // What the previous release wrote: no TraceParent column yet.
      const old = database.db as unknown as Kysely<any>
      await old
        .insertInto('SmsSendHistory')
        .values({
          OrderID: request.orderId,
          MessageType: request.messageType,
          VenueID: 7,
          CustomerID: request.customerId,
          CustomerPhoneNumber: PHONE,
          StatusID: 3,
          Attempts: 1,
          CorrelationID: 'corr-old',
          CreatedAt: target.dialect === 'sqlite' ? clock.now().toISOString() : clock.now(),
          UpdatedAt: target.dialect === 'sqlite' ? clock.now().toISOString() : clock.now(),
        })
        .execute()

      const applied = await database.migrateToLatest()
      expect(applied.find((m) => m.name === '0008_trace_context')?.executedAt).toBeInstanceOf(Date)
      const claim = await database.repositories.history.claim(request)
      if (claim.kind !== 'done') throw new Error(`expected the old row, got ${claim.kind}`)
      expect(claim.record).toMatchObject({ status: 'skipped_no_consent', correlationId: 'corr-old', traceparent: null })
    })
  })
}
