import { randomUUID } from 'node:crypto'
import { TransientStoreError } from '@sms-notification/core'
import { ManualClock, RecordingLogger } from '@sms-notification/core/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../src/index.js'
import type { SqlDatabase } from '../src/index.js'
import {
  POSTGRES_URL,
  createSchema,
  dropSchema,
  postgresRequired,
  probePostgres,
  schemaUrl,
  uniqueSchemaName,
} from './support/postgres-test-server.js'

const probe = await probePostgres()
const skip = !probe.reachable && !postgresRequired
const title = probe.reachable
  ? 'PostgreSQL: races decided by the database'
  : `PostgreSQL: races decided by the database (skipped: ${probe.reason})`
const CONTENDERS = 20

describe.skipIf(skip)(title, () => {
  const schema = uniqueSchemaName('races')
  const url = schemaUrl(schema)
  const clock = new ManualClock()
  let main: SqlDatabase
  /** One database (own pg pool, one connection) per contender. */
  let contenders: SqlDatabase[] = []

  beforeAll(async () => {
    if (!probe.reachable) throw new Error(`${probe.reason}; CI=true requires it`)
    await createSchema(schema)
    main = createDatabase(url, { clock, poolMax: 2 })
    await main.migrateToLatest()
    contenders = Array.from({ length: CONTENDERS }, () => createDatabase(url, { clock, poolMax: 1 }))
    // Open every pool's connection first, so the race is between queries, not connection set-up.
    await Promise.all(contenders.map((c) => c.ping()))
  })

  afterAll(async () => {
    await Promise.all(contenders.map((c) => c.close()))
    await main?.close()
    if (probe.reachable) await dropSchema(schema)
  })

  it(`${CONTENDERS} concurrent history.claim calls from separate pools: exactly one claimed`, async () => {
    const request = {
      orderId: randomUUID(),
      messageType: 'order_confirmation',
      venueId: 7,
      customerId: randomUUID(),
      customerPhoneNumber: '+14155550100',
      correlationId: null,
      leaseMs: 60_000,
    }
    const results = await Promise.all(contenders.map((c) => c.repositories.history.claim(request)))
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1)
    expect(results.filter((r) => r.kind === 'in-progress')).toHaveLength(CONTENDERS - 1)
    expect(await main.backdoor.historyRows(request.orderId)).toHaveLength(1)
  })

  it(`${CONTENDERS} concurrent takeovers of one expired claim: exactly one wins`, async () => {
    const request = {
      orderId: randomUUID(),
      messageType: 'order_confirmation',
      venueId: 7,
      customerId: randomUUID(),
      customerPhoneNumber: '+14155550100',
      correlationId: null,
      leaseMs: 1_000,
    }
    expect((await main.repositories.history.claim(request)).kind).toBe('claimed')
    clock.advance(1_001)
    const results = await Promise.all(contenders.map((c) => c.repositories.history.claim(request)))
    expect(results.filter((r) => r.kind === 'claimed')).toEqual([expect.objectContaining({ attempts: 2, takenOver: true })])
  })

  it(`${CONTENDERS} concurrent numbers.claimProvisioning calls: exactly one claimed`, async () => {
    const results = await Promise.all(contenders.map((c) => c.repositories.numbers.claimProvisioning(31, 'twilio', 30_000)))
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1)
    expect(results.filter((r) => r.kind === 'busy')).toHaveLength(CONTENDERS - 1)
  })

  it(`${CONTENDERS} concurrent numbers.assign calls for one venue: exactly one assigned`, async () => {
    const results = await Promise.all(
      contenders.map((c, i) =>
        c.repositories.numbers.assign({
          venueId: 32,
          phoneNumber: `+1555020${String(i).padStart(4, '0')}`,
          providerId: `PN${i}`,
          provider: 'plivo',
          assignedAt: clock.now(),
        }),
      ),
    )
    expect(results.filter((r) => r.kind === 'assigned')).toHaveLength(1)
    expect(results.filter((r) => r.kind === 'venue-already-has-number')).toHaveLength(CONTENDERS - 1)
    expect((await main.backdoor.venueNumbers(32)).filter((n) => n.status === 'active')).toHaveLength(1)
  })

  it('concurrent first changes for one consent key all land: one row, every change logged', async () => {
    const results = await Promise.all(
      contenders.map((c, i) =>
        c.repositories.consents.applyChange({
          venueId: 33,
          phoneNumber: '+14155550133',
          action: i % 2 ? 'opt_out' : 'opt_in',
          source: 'support_request',
          occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        }),
      ),
    )
    expect(results.every((r) => r.kind === 'applied' || r.kind === 'superseded')).toBe(true)
    expect((await main.backdoor.consentRow(33, '+14155550133'))?.status).toBe('opted_out')
    expect(await main.backdoor.consentLog(33, '+14155550133')).toHaveLength(CONTENDERS)
  })

  it('the same provider message from many replicas is recorded once', async () => {
    const stop = {
      venueId: 34,
      phoneNumber: '+14155550134',
      action: 'opt_out' as const,
      source: 'sms_keyword' as const,
      occurredAt: new Date('2026-01-02T00:00:00Z'),
      evidence: { provider: 'twilio', providerMessageId: 'SMrace' },
    }
    const results = await Promise.all(contenders.map((c) => c.repositories.consents.applyChange(stop)))
    expect(results.filter((r) => r.kind === 'applied')).toHaveLength(1)
    expect(results.filter((r) => r.kind === 'duplicate')).toHaveLength(CONTENDERS - 1)
    expect(await main.backdoor.consentLog(34, '+14155550134')).toHaveLength(1)
    expect((await main.backdoor.outboxRows()).filter((o) => o.venueId === 34)).toHaveLength(1)
  })

  it('late outcomes of a taken-over claim race the new holder: only the holder writes, once', async () => {
    const request = {
      orderId: randomUUID(),
      messageType: 'order_confirmation',
      venueId: 7,
      customerId: randomUUID(),
      customerPhoneNumber: '+14155550100',
      correlationId: null,
      leaseMs: 1_000,
    }
    const old = await main.repositories.history.claim(request)
    clock.advance(1_001)
    const taken = await main.repositories.history.claim(request)
    if (old.kind !== 'claimed' || taken.kind !== 'claimed') throw new Error('no claims')
    // Half the contenders carry the stale claim (attempts 1), half the live one (attempts 2).
    const results = await Promise.all(
      contenders.map((c, i) =>
        c.repositories.history.complete(taken.historyId, {
          status: 'failed',
          errorCode: `e${i}`,
          claimAttempts: i % 2 ? taken.attempts : old.attempts,
        }),
      ),
    )
    const landed = results.filter((r, i) => r.errorCode === `e${i}`)
    expect(landed).toHaveLength(1)
    const winner = results.indexOf(landed[0]!)
    expect(winner % 2).toBe(1)
    expect(await main.backdoor.historyRows(request.orderId)).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 2, errorCode: `e${winner}` }),
    ])
  })

  it(`${CONTENDERS * 2} concurrent pacer.reserve calls for a new sender: distinct slots up to the wait, the rest busy`, async () => {
    const now = clock.now()
    // 100 ms apart with 2.4 s of wait admits slots 0, 100, ..., 2400: 25 of them.
    const results = await Promise.all([...contenders, ...contenders].map((c) => c.repositories.pacer.reserve(77, now, 100, 2_400)))
    const slots = results.flatMap((r) => (r.kind === 'slot' ? [r.at.getTime() - now.getTime()] : [])).sort((a, b) => a - b)
    expect(slots).toEqual(Array.from({ length: 25 }, (_, i) => i * 100))
    expect(results.filter((r) => r.kind === 'busy')).toEqual(
      Array.from({ length: CONTENDERS * 2 - 25 }, () => ({ kind: 'busy', retryAfterMs: 2_500 })),
    )
  })
})

describe.skipIf(skip)(
  probe.reachable
    ? 'PostgreSQL: migrations and failures'
    : `PostgreSQL: migrations and failures (skipped: ${probe.reachable ? '' : probe.reason})`,
  () => {
    const schema = uniqueSchemaName('migrate')
    const url = schemaUrl(schema)

    beforeAll(async () => {
      if (!probe.reachable) throw new Error(`${probe.reason}; CI=true requires it`)
      await createSchema(schema)
    })
    afterAll(async () => {
      if (probe.reachable) await dropSchema(schema)
    })

    it('migrates from several replicas at once (advisory lock): every replica sees the same schema', async () => {
      const replicas = Array.from({ length: 4 }, () => createDatabase(url, { poolMax: 2 }))
      try {
        const states = await Promise.all(replicas.map((r) => r.migrateToLatest()))
        for (const state of states) {
          expect(state.length).toBeGreaterThanOrEqual(7)
          expect(state.every((m) => m.executedAt !== null)).toBe(true)
        }
        const status = await replicas[0]!.migrationStatus()
        expect(status.map((m) => m.name)).toContain('0004_sms_send_history')
      } finally {
        await Promise.all(replicas.map((r) => r.close()))
      }
    })

    it('creates the seed lookups with their rows and the filtered unique index', async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL })
      await client.connect()
      try {
        const providers = await client.query(`select "Name" from "${schema}"."ProviderNames" order by "ID"`)
        expect(providers.rows.map((r) => r.Name)).toEqual(['twilio', 'plivo', 'simulated'])
        const index = await client.query(
          `select indexdef from pg_indexes where schemaname = $1 and indexname = 'UX_VenuePhoneNumbers_VenueID_ProviderNameID_Active'`,
          [schema],
        )
        expect(index.rows[0]?.indexdef).toMatch(/UNIQUE INDEX .* WHERE \("StatusID" = 1\)/)
        const types = await client.query(
          `select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = 'SmsSendHistory' and column_name in ('ID', 'OrderID', 'CreatedAt') order by column_name`,
          [schema],
        )
        expect(types.rows).toEqual([
          { column_name: 'CreatedAt', data_type: 'timestamp with time zone' },
          { column_name: 'ID', data_type: 'bigint' },
          { column_name: 'OrderID', data_type: 'uuid' },
        ])
      } finally {
        await client.end()
      }
    })

    it('an unreachable server is a TransientStoreError, and ping says false', async () => {
      const down = createDatabase('postgres://postgres@127.0.0.1:1/test')
      try {
        const failure = await down.repositories.consents.get(7, '+14155550100').catch((e: unknown) => e)
        expect(failure).toBeInstanceOf(TransientStoreError)
        expect((failure as TransientStoreError).code).toBe('ECONNREFUSED')
        expect(await down.ping()).toBe(false)
      } finally {
        await down.close()
      }
    })

    it('a connection killed mid-transaction (57P01) is a TransientStoreError, and nothing is half-written', async () => {
      const logger = new RecordingLogger()
      const database = createDatabase(url, { poolMax: 1, logger })
      const holder = new pg.Client({ connectionString: POSTGRES_URL })
      await holder.connect()
      try {
        await database.repositories.consents.applyChange({
          venueId: 41,
          phoneNumber: '+14155550141',
          action: 'opt_in',
          source: 'checkout',
          occurredAt: new Date('2026-01-01T00:00:00Z'),
        })
        // Hold the row so the next change waits inside its transaction, then kill that session.
        await holder.query('begin')
        await holder.query(`select 1 from "${schema}"."SmsConsent" where "VenueID" = 41 for update`)
        const pending = database.repositories.consents
          .applyChange({
            venueId: 41,
            phoneNumber: '+14155550141',
            action: 'opt_out',
            source: 'sms_keyword',
            occurredAt: new Date('2026-01-02T00:00:00Z'),
          })
          .catch((e: unknown) => e)
        let victim: number | undefined
        for (let i = 0; i < 50 && victim === undefined; i++) {
          await new Promise((r) => setTimeout(r, 20))
          const waiting = await holder.query(
            `select pid from pg_stat_activity where wait_event_type = 'Lock' and query like '%SmsConsent%' and pid <> pg_backend_pid()`,
          )
          victim = waiting.rows[0]?.pid
        }
        expect(victim).toBeDefined()
        await holder.query('select pg_terminate_backend($1)', [victim])
        const failure = await pending
        expect(failure).toBeInstanceOf(TransientStoreError)
        await holder.query('rollback')
        expect((await database.backdoor.consentRow(41, '+14155550141'))?.status).toBe('opted_in')
        expect(await database.backdoor.consentLog(41, '+14155550141')).toHaveLength(1)
        // The dead socket's own error event reached the logger (as a code) instead of crashing the process.
        await new Promise((r) => setTimeout(r, 50))
        expect(logger.lines.some((l) => l.level === 'warn' && l.fields.code === 'pg_connection')).toBe(true)
        expect(logger.text()).not.toContain('+1415')
      } finally {
        await holder.end()
        await database.close()
      }
    })
  },
)
