/**
 * History query on PostgreSQL with ≥ 1,000,000 SmsSendHistory rows: venue + time range, 50 rows, first page
 * and page 1,000 through the keyset cursor; p50/p95 over repeated runs, and EXPLAIN of the query the
 * repository really sends. Prints figures; asserts nothing.
 *
 *   pnpm exec tsx bench/sql-history-query.ts [--rows=1000000] [--runs=200] [--drop]
 *
 * The seeded schema (bench_sql_history) is reused by later runs unless --drop is given.
 */
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { createDatabase } from '@sms-notification/adapters-sql'
import type { QueryEvent } from '@sms-notification/adapters-sql'

// pg is a dependency of the adapter, not of the bench: load the adapter's copy for raw seeding and EXPLAIN.
const require = createRequire(import.meta.resolve('@sms-notification/adapters-sql'))
const pg = require('pg') as typeof import('pg')

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const ROWS = arg('rows', 1_000_000)
const RUNS = arg('runs', 200)
const DROP = process.argv.includes('--drop')
const VENUES = 10
const PAGE = 50
const DEEP_PAGE = 1_000
const SCHEMA = 'bench_sql_history'
const BASE_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const START = new Date('2026-01-01T00:00:00.000Z')
const SPAN_MS = 60 * 24 * 3600 * 1000

const url = new URL(BASE_URL)
url.searchParams.set('schema', SCHEMA)

const admin = new pg.Client({ connectionString: BASE_URL })
await admin.connect()
await admin.query(`create schema if not exists ${SCHEMA}`)

let captured: QueryEvent | undefined
const database = createDatabase(url.toString(), { poolMax: 2, onQuery: (e) => (captured = e) })
await database.migrateToLatest()

const existing = Number((await admin.query(`select count(*) as n from ${SCHEMA}."SmsSendHistory"`)).rows[0].n)
if (existing < ROWS) {
  console.log(`seeding ${ROWS.toLocaleString()} rows (have ${existing.toLocaleString()}) ...`)
  const t0 = performance.now()
  await admin.query(`truncate ${SCHEMA}."SmsSendHistory"`)
  const stepMs = SPAN_MS / ROWS
  await admin.query(
    `insert into ${SCHEMA}."SmsSendHistory"
       ("OrderID", "MessageType", "VenueID", "CustomerID", "CustomerPhoneNumber", "Message", "ProviderNameID", "StatusID",
        "ProviderMessageID", "Segments", "Encoding", "Attempts", "CreatedAt", "UpdatedAt")
     select gen_random_uuid(), 'order_confirmation', (g % ${VENUES}) + 1, gen_random_uuid(),
            '+1415555' || lpad((g % 10000)::text, 4, '0'), 'Your order is confirmed', 1 + (g % 2), 1,
            'SM' || g, 1, 'GSM-7', 1,
            $1::timestamptz + make_interval(secs => g * ${stepMs / 1000}),
            $1::timestamptz + make_interval(secs => g * ${stepMs / 1000})
       from generate_series(1, ${ROWS}) as g`,
    [START],
  )
  await admin.query(`analyze ${SCHEMA}."SmsSendHistory"`)
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
} else {
  console.log(`reusing ${existing.toLocaleString()} seeded rows in schema ${SCHEMA}`)
}

const history = database.repositories.history
const filter = { venueId: 3, from: START, to: new Date(START.getTime() + SPAN_MS + 1), limit: PAGE }

// Walk to page 1,000 once to get its cursor (and time the walk as a whole).
const walkStart = performance.now()
let cursor: string | undefined
for (let page = 1; page < DEEP_PAGE; page++) {
  const result = await history.query({ ...filter, ...(cursor ? { cursor } : {}) })
  if (!result.nextCursor) throw new Error(`ran out of rows at page ${page}: seed more rows per venue`)
  cursor = result.nextCursor
}
const walkMs = performance.now() - walkStart

async function measure(label: string, query: Parameters<typeof history.query>[0]) {
  for (let i = 0; i < 20; i++) await history.query(query)
  const times: number[] = []
  let items = 0
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    const page = await history.query(query)
    times.push(performance.now() - t)
    items = page.items.length
  }
  times.sort((a, b) => a - b)
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!
  return { label, items, p50: pct(50), p95: pct(95), p99: pct(99) }
}

const first = await measure('page 1', filter)
const deep = await measure(`page ${DEEP_PAGE} (cursor)`, { ...filter, cursor: cursor! })
const deepSql = captured!

console.log(
  `\nSmsSendHistory rows: ${Math.max(existing, ROWS).toLocaleString()}, ${VENUES} venues, query: venue + time range, ${PAGE} rows, ${RUNS} runs`,
)
console.log('query                 rows   p50 ms   p95 ms   p99 ms')
for (const r of [first, deep]) {
  console.log(
    `${r.label.padEnd(20)} ${String(r.items).padStart(5)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}`,
  )
}
console.log(`page ${DEEP_PAGE} / page 1 (p95): ${(deep.p95 / first.p95).toFixed(2)}x   (target ≤ 2x; p95 target < 15 ms both)`)
console.log(
  `walking pages 1..${DEEP_PAGE - 1} through the cursor: ${walkMs.toFixed(0)} ms (${(walkMs / (DEEP_PAGE - 1)).toFixed(2)} ms/page)`,
)

console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the repository's page-${DEEP_PAGE} query:\n${deepSql.sql}\n`)
await admin.query(`set search_path to ${SCHEMA}`)
const plan = await admin.query(`explain (analyze, buffers) ${deepSql.sql}`, deepSql.parameters as unknown[])
for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`)

await database.close()
if (DROP) {
  await admin.query(`drop schema ${SCHEMA} cascade`)
  console.log(`\ndropped schema ${SCHEMA}`)
}
await admin.end()
