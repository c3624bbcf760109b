/**
 * Per-event database work of the orchestrator (history.claim, consents.get, numbers.findActive,
 * history.complete) in events/s on SQLite and PostgreSQL, against a floor of one consent read plus one
 * history insert on the same connection. Prints figures and their ratio; asserts nothing.
 *
 *   pnpm exec tsx bench/sql-orchestrator-db.ts [--events=3000] [--concurrency=16]
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createDatabase } from '@sms-notification/adapters-sql'
import type { SqlDatabase } from '@sms-notification/adapters-sql'

const require = createRequire(import.meta.resolve('@sms-notification/adapters-sql'))
const pg = require('pg') as typeof import('pg')

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const EVENTS = arg('events', 3_000)
const CONCURRENCY = arg('concurrency', 16)
const VENUES = 50
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

const CUSTOMERS = 2_000
/** Event i is for customer i mod CUSTOMERS, who opted in at venue 1 + (customer mod VENUES). */
const phone = (i: number) => `+1415555${String(i % CUSTOMERS).padStart(4, '0')}`
const venueOf = (i: number) => 1 + ((i % CUSTOMERS) % VENUES)

async function prepare(database: SqlDatabase) {
  await database.migrateToLatest()
  const r = database.repositories
  for (let v = 1; v <= VENUES; v++) {
    await r.numbers.assign({
      venueId: v,
      phoneNumber: `+1202555${String(v).padStart(4, '0')}`,
      providerId: `PN${v}`,
      provider: 'simulated',
      assignedAt: new Date(),
    })
  }
  for (let i = 0; i < CUSTOMERS; i++) {
    await r.consents.applyChange({
      venueId: venueOf(i),
      phoneNumber: phone(i),
      action: 'opt_in',
      source: 'checkout',
      occurredAt: new Date(),
    })
  }
}

/** What the orchestrator asks of the database for one event that ends in a sent SMS. */
async function orchestratorEvent(database: SqlDatabase, i: number) {
  const r = database.repositories
  const venueId = venueOf(i)
  const claim = await r.history.claim({
    orderId: randomUUID(),
    messageType: 'order_confirmation',
    venueId,
    customerId: randomUUID(),
    customerPhoneNumber: phone(i),
    correlationId: `c${i}`,
    leaseMs: 60_000,
  })
  if (claim.kind !== 'claimed') throw new Error(`unexpected ${claim.kind}`)
  const consent = await r.consents.get(venueId, phone(i))
  if (consent?.status !== 'opted_in') throw new Error('no consent')
  const sender = await r.numbers.findActive(venueId, 'simulated')
  if (!sender) throw new Error('no sender')
  await r.history.complete(claim.historyId, {
    status: 'sent',
    venuePhoneNumberId: sender.id,
    message: 'Your order is confirmed',
    provider: 'simulated',
    providerMessageId: `sim-${i}`,
    segments: 1,
    encoding: 'GSM-7',
  })
}

/** The floor: one consent read and one history insert, straight through kysely on the same database. */
async function floorEvent(database: SqlDatabase, i: number) {
  const venueId = venueOf(i)
  const now = database.dialect === 'sqlite' ? new Date().toISOString() : new Date()
  await database.db
    .selectFrom('SmsConsent')
    .selectAll()
    .where('VenueID', '=', venueId)
    .where('PhoneNumber', '=', phone(i))
    .executeTakeFirst()
  await database.db
    .insertInto('SmsSendHistory')
    .values({
      OrderID: randomUUID(),
      MessageType: 'floor',
      VenueID: venueId,
      CustomerID: randomUUID(),
      CustomerPhoneNumber: phone(i),
      StatusID: 1,
      Attempts: 1,
      CreatedAt: now,
      UpdatedAt: now,
    })
    .execute()
}

async function rate(database: SqlDatabase, work: (db: SqlDatabase, i: number) => Promise<void>, concurrency: number): Promise<number> {
  for (let i = 0; i < 100; i++) await work(database, 1_000_000 + i)
  let next = 0
  const start = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < EVENTS) await work(database, next++)
    }),
  )
  return EVENTS / ((performance.now() - start) / 1000)
}

const rows: Array<{ store: string; concurrency: number; full: number; floor: number }> = []

async function run(store: string, database: SqlDatabase, concurrencies: number[]) {
  try {
    await prepare(database)
    for (const concurrency of concurrencies) {
      const full = await rate(database, orchestratorEvent, concurrency)
      const floor = await rate(database, floorEvent, concurrency)
      rows.push({ store, concurrency, full, floor })
    }
  } finally {
    await database.close()
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sms-bench-'))
try {
  // SQLite has one connection: concurrency only queues, so it is measured one event at a time.
  await run('sqlite (file, WAL)', createDatabase(`sqlite:${join(dir, 'bench.db')}`), [1])
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const schema = `bench_orchestrator_${process.pid}`
const admin = new pg.Client({ connectionString: PG_URL })
await admin.connect()
await admin.query(`create schema ${schema}`)
try {
  const url = new URL(PG_URL)
  url.searchParams.set('schema', schema)
  await run('postgres', createDatabase(url.toString(), { poolMax: CONCURRENCY }), [1, CONCURRENCY])
} finally {
  await admin.query(`drop schema ${schema} cascade`)
  await admin.end()
}

console.log(`\nper-event database work, ${EVENTS.toLocaleString()} events per figure`)
console.log('store                concurrency   orchestrator ev/s   floor ev/s   orchestrator/floor')
for (const r of rows) {
  console.log(
    `${r.store.padEnd(20)} ${String(r.concurrency).padStart(11)} ${r.full.toFixed(0).padStart(19)} ${r.floor.toFixed(0).padStart(12)} ${(r.full / r.floor).toFixed(2).padStart(20)}`,
  )
}
console.log(
  '\norchestrator = history.claim + consents.get + numbers.findActive + history.complete (4 round trips + provider lookup cached)',
)
console.log('floor        = one consent read + one history insert on the same connection (2 round trips)')
