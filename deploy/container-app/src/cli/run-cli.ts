import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createDatabase, parseDatabaseUrl, type SqlDatabase } from '@sms-notification/adapters-sql'
import { sql } from 'kysely'
import { normalizePhoneNumber, SEND_ORDER_CONFIRMATION_SMS, silentLogger } from '@sms-notification/core'
import { ConfigError } from '../config/config-error.js'
import { loadConfig, type AppConfig } from '../config/load-config.js'
import { toConsent, toConsentChange, toHistoryItem } from '../http/dto.js'
import { CliUsageError, type CliIo } from './cli-io.js'
import { checkDatabaseUserRequest, DATABASE_USER_ROLES, databaseUserStatements, sqlServerSid } from './database-user.js'
import { ServiceClient } from './service-client.js'

export const USAGE = `usage: sms-notification <command>

  migrate                          apply database migrations (DATABASE_URL)
  db-user --name <identity name> --client-id <guid> [--print]
                                   SQL Server: create the managed identity's database user (db_datareader,
                                   db_datawriter) if missing; --print shows the T-SQL without connecting
  send-sample [--venue 7] [--phone +12065550123] [--opt-in]
                                   publish a sample SendOrderConfirmationSms to the configured queue
  consent <venueId> <phone>        show a consent record and its change log
  history --order <orderId>        show the send history of an order
  dead-letters list                list dead-lettered messages
  dead-letters replay <messageId>  put a dead-lettered message back for another try

Configuration comes from the same environment variables as the service.`

const print = (io: CliIo, value: unknown) => io.out(JSON.stringify(value, null, 2))

async function withDatabase<T>(config: AppConfig, fn: (db: SqlDatabase) => Promise<T>): Promise<T> {
  const db = createDatabase(config.env.DATABASE_URL, { logger: silentLogger })
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}

function sampleEvent(venueId: number, phone: string, optIn: boolean) {
  return {
    OrderId: randomUUID(),
    VenueId: venueId,
    CustomerId: randomUUID(),
    PhoneNumber: phone,
    CustomerName: 'Sam Sample',
    OrderTotal: 42.5,
    TicketCount: 2,
    EventTimestamp: new Date().toISOString(),
    Currency: 'USD',
    ...(optIn ? { SmsOptIn: true } : {}),
  }
}

async function sendSample(config: AppConfig, io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      venue: { type: 'string', default: '7' },
      phone: { type: 'string', default: '+12065550123' },
      'opt-in': { type: 'boolean', default: false },
    },
  })
  const venueId = Number(values.venue)
  if (!Number.isInteger(venueId) || venueId < 1) throw new CliUsageError('--venue must be a positive integer')
  const event = sampleEvent(venueId, values.phone ?? '+12065550123', values['opt-in'] === true)
  if (config.queueMode === 'servicebus') {
    const { createServiceBusTransport } = await import('../runtime/service-bus-transport.js')
    const transport = await createServiceBusTransport(config.env, {
      logger: silentLogger,
      metrics: { increment() {}, distribution() {}, gauge() {} },
      maxAttempts: 1,
      maxConcurrentCalls: 1,
    })
    try {
      const { messageId } = await transport.send(event, { messageType: SEND_ORDER_CONFIRMATION_SMS, correlationId: randomUUID() })
      print(io, { published: config.env.SERVICEBUS_TOPIC, messageId, orderId: event.OrderId })
    } finally {
      await transport.close(0)
    }
    return 0
  }
  const res = await new ServiceClient(config, io.env).request('POST', '/api/dev/events', event)
  if (res.status !== 202) {
    io.err(`the service refused the event (${res.status}): ${JSON.stringify(res.json)}`)
    return 1
  }
  print(io, { queued: 'embedded', ...(res.json as object), orderId: event.OrderId })
  return 0
}

async function deadLetters(config: AppConfig, io: CliIo, args: string[]): Promise<number> {
  const [action, id] = args
  if (action !== 'list' && action !== 'replay') throw new CliUsageError('dead-letters list | dead-letters replay <messageId>')
  if (action === 'replay' && !id) throw new CliUsageError('dead-letters replay needs a message id')
  if (config.queueMode === 'servicebus') {
    const { createServiceBusTransport } = await import('../runtime/service-bus-transport.js')
    const transport = await createServiceBusTransport(config.env, {
      logger: silentLogger,
      metrics: { increment() {}, distribution() {}, gauge() {} },
      maxAttempts: 1,
      maxConcurrentCalls: 1,
    })
    try {
      if (action === 'list') print(io, await transport.deadLetters())
      else if (await transport.replayDeadLetter(id!)) print(io, { replayed: id })
      else {
        io.err(`no dead letter ${id}`)
        return 1
      }
    } finally {
      await transport.close(0)
    }
    return 0
  }
  const client = new ServiceClient(config, io.env)
  const res =
    action === 'list'
      ? await client.request('GET', '/api/dev/dead-letters')
      : await client.request('POST', `/api/dev/dead-letters/${encodeURIComponent(id!)}/replay`)
  if (res.status >= 300) {
    io.err(`${action} failed (${res.status}): ${JSON.stringify(res.json)}`)
    return 1
  }
  print(io, action === 'list' ? (res.json as { items: unknown[] }).items : { replayed: id })
  return 0
}

async function databaseUser(config: AppConfig, io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, 'client-id': { type: 'string' }, print: { type: 'boolean', default: false } },
  })
  const checked = checkDatabaseUserRequest(values.name, values['client-id'])
  if (!checked.ok) throw new CliUsageError(checked.message)
  const statements = databaseUserStatements(checked.request)
  if (values.print) {
    io.out(statements.join('\n'))
    return 0
  }
  const { dialect } = parseDatabaseUrl(config.env.DATABASE_URL)
  if (dialect !== 'mssql') {
    throw new CliUsageError(
      `db-user creates a Microsoft Entra database user, which only SQL Server has; DATABASE_URL is ${dialect} (use --print to see the T-SQL)`,
    )
  }
  return withDatabase(config, async (db) => {
    for (const statement of statements) await sql.raw(statement).execute(db.db)
    print(io, { user: checked.request.name, sid: sqlServerSid(checked.request.clientId), roles: [...DATABASE_USER_ROLES] })
    return 0
  })
}

/** Runs one CLI command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (!command || command === 'help' || command === '--help') {
      io.out(USAGE)
      return command ? 0 : 2
    }
    const config = loadConfig(io.env)
    switch (command) {
      case 'migrate':
        return await withDatabase(config, async (db) => {
          const state = await db.migrateToLatest()
          print(io, {
            dialect: db.dialect,
            migrations: state.map((m) => ({ name: m.name, executedAt: m.executedAt?.toISOString() ?? null })),
          })
          return 0
        })
      case 'db-user':
        return await databaseUser(config, io, rest)
      case 'send-sample':
        return await sendSample(config, io, rest)
      case 'consent': {
        const [venue, phone] = rest
        const venueId = Number(venue)
        const normalized = normalizePhoneNumber(phone, config.env.DEFAULT_REGION)
        if (!Number.isInteger(venueId) || venueId < 1 || !normalized.ok) throw new CliUsageError('consent <venueId> <phone in E.164>')
        return await withDatabase(config, async (db) => {
          const record = await db.repositories.consents.get(venueId, normalized.e164)
          const log = await db.repositories.consents.history(venueId, normalized.e164)
          print(io, { consent: record ? toConsent(record) : null, changes: log.map(toConsentChange) })
          return record ? 0 : 1
        })
      }
      case 'history': {
        const { values } = parseArgs({ args: rest, options: { order: { type: 'string' } } })
        if (!values.order) throw new CliUsageError('history --order <orderId>')
        const orderId = values.order
        return await withDatabase(config, async (db) => {
          const page = await db.repositories.history.query({ orderId, limit: 200 })
          print(io, page.items.map(toHistoryItem))
          return page.items.length > 0 ? 0 : 1
        })
      }
      case 'dead-letters':
        return await deadLetters(config, io, rest)
      default:
        throw new CliUsageError(`unknown command ${command}`)
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CliUsageError) {
      io.err(error.message)
      if (error instanceof CliUsageError) io.err(USAGE)
      return 2
    }
    throw error
  }
}
