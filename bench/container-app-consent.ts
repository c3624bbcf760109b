// Container app overhead on its hottest read: autocannon on `GET /api/consent/{venueId}/{phone}` of the real app
// (auth, validation, PostgreSQL read, response schema, request log) versus two bare Fastify routes, each in its own
// process, in the same run: one doing the same PostgreSQL read with none of the app's layers (the floor for this
// endpoint: the ratio against it is the one the target >= 0.5 applies to) and one answering static JSON from
// memory (how much of a request the database and the app's layers take together). Prints requests/s, the
// ratios and the app's resident memory idle and under load. Asserts nothing.
// Run from the repository root: `pnpm exec tsx bench/container-app-consent.ts` (needs the built packages:
// `pnpm exec turbo run build --filter=@sms-notification/bench...`). PostgreSQL at 127.0.0.1:5432 (PG_URL overrides).
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const TOKEN = 'bench-public-token-0123456789'
const PHONE = '+14155550100'
const PATH = `/api/consent/7/${PHONE}`

// ---- child side: one server per process, so memory and CPU are its own ----

// The parent listens on fd 3 for the address; stdout stays free for logs.
const ready = (address: string) => writeSync(3, `READY ${address}\n`)

async function serveApp(logLevel: string, store: string): Promise<void> {
  const { createDatabase } = await import('@sms-notification/adapters-sql')
  const { buildApp, buildRuntime, loadConfig } = await import('@sms-notification/container-app')
  const schema = `bench_consent_${process.pid}`
  const admin = createDatabase(PG_URL)
  if (!(await admin.ping())) throw new Error(`PostgreSQL is not reachable at ${PG_URL}`)
  await admin.db.schema.createSchema(schema).ifNotExists().execute()
  await admin.close()
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`,
    API_TOKENS: TOKEN,
    INTERNAL_API_TOKEN: 'bench-internal-token-0123456789',
    LOG_LEVEL: logLevel,
  })
  // stdout (the request logs) goes to /dev/null: what is measured is producing them, not a terminal reading them.
  // `memory` swaps the database for the core's in-memory stores, to tell the HTTP layer's cost from the database's.
  const { createInMemoryPersistence } = await import('@sms-notification/core/testing')
  const inMemory = async () => ({
    dialect: 'memory',
    repositories: createInMemoryPersistence(),
    migrateToLatest: async () => undefined,
    ping: async () => true,
    close: async () => {},
  })
  const runtime = await buildRuntime(config, store === 'memory' ? { openDatabase: inMemory } : {})
  const app = await buildApp(runtime.appDeps)
  await runtime.start()
  await runtime.notifier.consent.update({ venueId: 7, phoneNumber: PHONE, action: 'opt_in', source: 'checkout' })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  ready(address)
  process.on('SIGTERM', async () => {
    await runtime.stopWork()
    await app.close()
    await runtime.close()
    const cleanup = createDatabase(PG_URL)
    await cleanup.db.schema.dropSchema(schema).ifExists().cascade().execute()
    await cleanup.close()
    process.exit(0)
  })
}

async function serveBare(): Promise<void> {
  const { default: Fastify } = await import('fastify')
  const app = Fastify()
  const record = {
    venueId: 7,
    phoneNumber: PHONE,
    status: 'opted_in',
    source: 'checkout',
    initialConsentAt: '2026-01-10T10:00:00.000Z',
    optedInAt: '2026-01-10T10:00:00.000Z',
    optedOutAt: null,
    createdAt: '2026-01-10T10:00:00.000Z',
    updatedAt: '2026-01-10T10:00:00.000Z',
  }
  app.get('/api/consent/:venueId/:phone', async () => record)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  ready(address)
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
}

// The floor for the same endpoint: Fastify plus one query for the record, on the same database, with none of the
// app's layers (auth, validation, phone normalisation, logging, tracing, metrics).
async function serveBarePostgres(): Promise<void> {
  const { default: Fastify } = await import('fastify')
  const { createDatabase } = await import('@sms-notification/adapters-sql')
  const schema = `bench_consent_bare_${process.pid}`
  const admin = createDatabase(PG_URL)
  await admin.db.schema.createSchema(schema).ifNotExists().execute()
  await admin.close()
  const database = createDatabase(`${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`)
  await database.migrateToLatest()
  await database.repositories.consents.applyChange({
    venueId: 7,
    phoneNumber: PHONE,
    action: 'opt_in',
    source: 'checkout',
    occurredAt: new Date(),
  })
  const db = database.db as unknown as {
    selectFrom(t: string): { selectAll(): { where(c: string, o: string, v: unknown): any } }
  }
  const app = Fastify()
  app.get<{ Params: { venueId: string; phone: string } }>('/api/consent/:venueId/:phone', async (request, reply) => {
    const row = await db
      .selectFrom('SmsConsent')
      .selectAll()
      .where('VenueID', '=', Number(request.params.venueId))
      .where('PhoneNumber', '=', request.params.phone)
      .executeTakeFirst()
    if (!row) return reply.code(404).send({ error: 'not found' })
    return row
  })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  ready(address)
  process.on('SIGTERM', async () => {
    await app.close()
    await database.close()
    const cleanup = createDatabase(PG_URL)
    await cleanup.db.schema.dropSchema(schema).ifExists().cascade().execute()
    await cleanup.close()
    process.exit(0)
  })
}

// ---- parent side ----

interface Server {
  child: ChildProcess
  url: string
}

function start(mode: string): Promise<Server> {
  const file = fileURLToPath(import.meta.url)
  const child = spawn(process.execPath, [...process.execArgv, file, '--serve', ...mode.split(':')], {
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    ;(child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\S+)/.exec(out)
      if (m) resolve({ child, url: m[1]! })
    })
    child.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
  })
}

async function stop(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.once('exit', r))
  server.child.kill('SIGTERM')
  await exited
}

const rssMb = (pid: number) => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  return kb / 1024
}

async function load(server: Server, sampleRss = false): Promise<{ rps: number; p99: number; errors: number; peakRssMb: number }> {
  let peakRssMb = 0
  const timer = sampleRss ? setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(server.child.pid!))), 250) : undefined
  const result = await autocannon({
    url: `${server.url}${PATH}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${TOKEN}` },
  })
  clearInterval(timer)
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx, peakRssMb }
}

async function measure(mode: string, label: string) {
  const server = await start(mode)
  try {
    // Warm-up: JIT, connection pool, prepared paths.
    await autocannon({ url: `${server.url}${PATH}`, connections: CONNECTIONS, duration: 2, headers: { authorization: `Bearer ${TOKEN}` } })
    await new Promise((r) => setTimeout(r, 500))
    const idleRssMb = rssMb(server.child.pid!)
    const r = await load(server, true)
    console.log(
      `${label.padEnd(40)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${String(r.p99).padStart(4)} ms  errors ${r.errors}  RSS idle ${idleRssMb.toFixed(0)} MB, under load ${r.peakRssMb.toFixed(0)} MB`,
    )
    return r.rps
  } finally {
    await stop(server)
  }
}

async function main(): Promise<void> {
  const serveAt = process.argv.indexOf('--serve')
  if (serveAt >= 0) {
    const mode = process.argv[serveAt + 1]
    if (mode === 'bare') await serveBare()
    else if (mode === 'bare-postgres') await serveBarePostgres()
    else await serveApp(process.argv[serveAt + 2] ?? 'info', process.argv[serveAt + 3] ?? 'postgres')
    return
  }
  console.log(`GET ${PATH.replace(/\d{2}$/, '**')}: ${CONNECTIONS} connections, ${DURATION_S} s per run`)
  const bare = await measure('bare', 'bare Fastify route (static JSON)')
  const barePostgres = await measure('bare-postgres', 'bare Fastify route + one PostgreSQL query')
  const appInfo = await measure('app:info', 'container app, PostgreSQL, LOG_LEVEL=info')
  const appWarn = await measure('app:warn', 'container app, PostgreSQL, LOG_LEVEL=warn')
  const appMemory = await measure('app:info:memory', 'container app, in-memory store, LOG_LEVEL=info')
  console.log(
    `ratio app / bare route doing the same query: ${(appInfo / barePostgres).toFixed(2)} (info logging), ${(appWarn / barePostgres).toFixed(2)} (warn) — target >= 0.5`,
  )
  console.log(`ratio app / static bare route: ${(appInfo / bare).toFixed(2)} (info logging), ${(appWarn / bare).toFixed(2)} (warn)`)
  console.log(
    `ratio app/bare without the database: ${(appMemory / bare).toFixed(2)} (the HTTP layer: auth, validation, serialization, logging)`,
  )
}

await main()
