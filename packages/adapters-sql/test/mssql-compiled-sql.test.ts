import { ManualClock } from '@sms-notification/core/testing'
import { encodeHistoryCursor } from '@sms-notification/core'
import { describe, expect, it } from 'vitest'
import { mssqlUniqueViolation, recordingMssqlDatabase } from './support/recording-mssql-database.js'
import type { RecordedStatement, Responder } from './support/recording-mssql-database.js'

const ORDER = '8F14E45F-CEEA-467A-9575-3F5C1B8A0B2D'
const CUSTOMER = '00000000-0000-4000-8000-0000000000AA'
const PHONE = '+14155550100'
const T0 = new Date('2026-01-15T12:00:00.000Z')
const TRACE_A = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
const TRACE_B = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'

const historyRow = (over: Record<string, unknown> = {}) => ({
  ID: '42',
  OrderID: ORDER,
  MessageType: 'order_confirmation',
  VenueID: 7,
  VenuePhoneNumberID: 3,
  CustomerID: CUSTOMER,
  CustomerPhoneNumber: PHONE,
  Message: 'Hello',
  ProviderNameID: 1,
  ProviderName: 'twilio',
  StatusID: 1,
  ProviderMessageID: 'SM1',
  ErrorCode: null,
  Segments: 1,
  Encoding: 'GSM-7',
  DeliveryStatus: null,
  DeliveryErrorCode: null,
  DeliveryUpdatedAt: null,
  Attempts: 1,
  LeaseExpiresAt: null,
  DeadLetteredAt: null,
  CorrelationID: 'corr-1',
  TraceParent: TRACE_A,
  CreatedAt: T0,
  UpdatedAt: T0,
  ...over,
})

const numberRow = (over: Record<string, unknown> = {}) => ({
  ID: 3,
  VenueID: 7,
  PhoneNumber: '+15550100001',
  ProviderID: 'PN1',
  ProviderNameID: 1,
  ProviderName: 'twilio',
  StatusID: 1,
  AssignedAt: T0,
  ReleasedAt: null,
  CreatedAt: T0,
  UpdatedAt: T0,
  ...over,
})

const consentRow = {
  ID: 1,
  VenueID: 7,
  PhoneNumber: PHONE,
  StatusID: 1,
  ConsentSourceID: 1,
  InitialConsentAt: T0,
  OptedInAt: T0,
  OptedOutAt: null,
  CreatedAt: T0,
  UpdatedAt: T0,
}

/** Rules tried in order: the first whose pattern matches answers. */
function rules(...list: Array<[RegExp, ReturnType<Responder> | (() => ReturnType<Responder>)]>): Responder {
  return (statement) => {
    for (const [pattern, answer] of list) {
      if (pattern.test(statement.sql)) return typeof answer === 'function' ? answer() : answer
    }
    return { rows: [], affected: 1 }
  }
}

function once<T>(first: T, then: T): () => T {
  let used = false
  return () => {
    if (used) return then
    used = true
    return first
  }
}

const RANDOM_UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
const FIXED_UUIDS = new Set([ORDER.toLowerCase(), CUSTOMER.toLowerCase()])

/** Statements with their parameters; random tokens are masked so the snapshot is stable. */
function render(statements: RecordedStatement[]): string {
  return statements
    .map((s) => `${s.sql}\n  -- ${JSON.stringify(s.parameters).replace(RANDOM_UUID, (u) => (FIXED_UUIDS.has(u) ? u : '<random uuid>'))}`)
    .join('\n')
}

async function recorded(responder: Responder, run: (db: ReturnType<typeof recordingMssqlDatabase>['database']) => Promise<unknown>) {
  const { database, statements } = recordingMssqlDatabase(responder, new ManualClock(T0))
  const result = await run(database)
  return { result, sql: render(statements), statements }
}

describe('T-SQL of every repository query (MssqlDialect compiler, never connecting)', () => {
  it('never compiles LIMIT, RETURNING or ON CONFLICT, which SQL Server rejects', async () => {
    const all: string[] = []
    const { database, statements } = recordingMssqlDatabase(rules([/.*/, { rows: [], affected: 0 }]))
    const r = database.repositories
    await r.consents.get(7, PHONE)
    await r.history.query({ venueId: 7, limit: 50, cursor: encodeHistoryCursor({ createdAt: T0, id: '9' }) })
    await r.outbox.lease(10, 30_000)
    await r.history.applyDeliveryReport({
      provider: 'twilio',
      providerMessageId: 'SM1',
      status: 'delivered',
      errorCode: null,
      occurredAt: T0,
    })
    await r.numbers.findLatestByNumber('+15550100001')
    await r.pacer.reserve(3, T0, 1_000, 5_000)
    all.push(...statements.map((s) => s.sql))
    for (const sql of all) expect(sql).not.toMatch(/\blimit\b|\breturning\b|on conflict/i)
  })

  it('consents.get', async () => {
    const { result, sql } = await recorded(rules([/from "SmsConsent"/, { rows: [consentRow] }]), (db) =>
      db.repositories.consents.get(7, PHONE),
    )
    expect(result).toMatchObject({ status: 'opted_in', source: 'checkout' })
    expect(sql).toMatchSnapshot()
  })

  it('consents.applyChange on a new key: locking read, insert, log, outbox, in one transaction', async () => {
    const { result, sql, statements } = await recorded(rules(), (db) =>
      db.repositories.consents.applyChange({
        venueId: 7,
        phoneNumber: PHONE,
        action: 'opt_out',
        source: 'sms_keyword',
        occurredAt: T0,
        evidence: { provider: 'twilio', providerMessageId: 'SM9', correlationId: 'corr-9', traceparent: TRACE_A },
      }),
    )
    expect(result).toMatchObject({ kind: 'applied', statusChanged: true })
    expect(statements[0]?.sql).toBe('BEGIN TRANSACTION')
    expect(statements[1]?.sql).toMatch(/with \(updlock, holdlock\)/)
    expect(statements.at(-1)?.sql).toBe('COMMIT TRANSACTION')
    const log = statements.find((s) => s.sql.startsWith('insert into "SmsConsentChanges"'))
    expect(log?.sql).toMatch(/"CorrelationID", "TraceParent", "OrderID"/)
    expect(log?.parameters).toEqual(expect.arrayContaining(['corr-9', TRACE_A]))
    const outboxInsert = statements.find((s) => s.sql.startsWith('insert into "SmsConsentOutbox"'))
    const payload = outboxInsert?.parameters.find((p) => typeof p === 'string' && p.startsWith('{'))
    expect(JSON.parse(String(payload))).toMatchObject({ type: 'SmsUnsubscribe', correlationId: 'corr-9', traceparent: TRACE_A })
    expect(sql).toMatchSnapshot()
  })

  it('consents.applyChange on an existing key: duplicate check and update', async () => {
    const { result, sql } = await recorded(rules([/with \(updlock, holdlock\)/, { rows: [consentRow] }]), (db) =>
      db.repositories.consents.applyChange({
        venueId: 7,
        phoneNumber: PHONE,
        action: 'opt_out',
        source: 'sms_keyword',
        occurredAt: new Date(T0.getTime() + 1000),
        evidence: { provider: 'plivo', providerMessageId: 'uuid-1' },
      }),
    )
    expect(result).toMatchObject({ kind: 'applied', previousStatus: 'opted_in' })
    expect(sql).toMatchSnapshot()
  })

  it('consents.history', async () => {
    const { sql } = await recorded(rules(), (db) => db.repositories.consents.history(7, PHONE))
    expect(sql).toMatchSnapshot()
  })

  it('outbox.lease, markPublished, markFailed, pendingCount', async () => {
    const payload = JSON.stringify({
      eventId: 'e1',
      type: 'SmsUnsubscribe',
      venueId: 7,
      phoneNumber: PHONE,
      source: 'sms_keyword',
      occurredAt: T0.toISOString(),
    })
    const { result, sql } = await recorded(
      rules(
        [/^select top\(10\) "o"\."ID" from "SmsConsentOutbox" as "o"/, { rows: [{ ID: '5' }] }],
        [/^select "ID", "Payload"/, { rows: [{ ID: '5', Payload: payload, Attempts: 1, CreatedAt: T0 }] }],
        [/count\(\*\)/, { rows: [{ count: 3 }] }],
      ),
      async (db) => {
        const leased = await db.repositories.outbox.lease(10, 30_000)
        await db.repositories.outbox.markPublished('5')
        await db.repositories.outbox.markFailed('6', new Date(T0.getTime() + 5000), 'servicebus:ServiceBusy')
        return { leased, pending: await db.repositories.outbox.pendingCount() }
      },
    )
    expect(result).toMatchObject({ leased: [{ id: '5', attempts: 1, event: { type: 'SmsUnsubscribe' } }], pending: 3 })
    // Per-phone order: no candidate while an older unpublished entry of the same venue and phone exists.
    expect(sql).toContain(
      'and not exists (select 1 as "one" from "SmsConsentOutbox" as "older" where "older"."PublishedAt" is null and "older"."VenueID" = "o"."VenueID" and "older"."PhoneNumber" = "o"."PhoneNumber" and "older"."ID" < "o"."ID")',
    )
    expect(sql).toMatchSnapshot()
  })

  it('history.claim: the insert wins', async () => {
    const { result, sql } = await recorded(rules([/^insert into "SmsSendHistory"/, { rows: [{ ID: '42' }] }]), (db) =>
      db.repositories.history.claim({
        orderId: ORDER,
        messageType: 'order_confirmation',
        venueId: 7,
        customerId: CUSTOMER,
        customerPhoneNumber: PHONE,
        correlationId: 'corr-1',
        traceparent: TRACE_A,
        leaseMs: 60_000,
      }),
    )
    expect(result).toEqual({ kind: 'claimed', historyId: '42', attempts: 1, takenOver: false })
    expect(sql).toMatch(/output "inserted"\."ID"/)
    expect(sql).toMatch(/"CorrelationID", "TraceParent", "CreatedAt"/)
    expect(sql).toContain(TRACE_A)
    expect(sql).toMatchSnapshot()
  })

  it('history.claim: unique violation (2627), expired lease taken over', async () => {
    const { result, sql } = await recorded(
      rules(
        [/^insert into "SmsSendHistory"/, mssqlUniqueViolation()],
        [
          /^select "ID", "StatusID"/,
          { rows: [{ ID: '42', StatusID: 5, Attempts: 1, LeaseExpiresAt: new Date(T0.getTime() - 1), DeadLetteredAt: null }] },
        ],
      ),
      (db) =>
        db.repositories.history.claim({
          orderId: ORDER,
          messageType: 'order_confirmation',
          venueId: 7,
          customerId: CUSTOMER,
          customerPhoneNumber: PHONE,
          correlationId: 'corr-2',
          traceparent: TRACE_B,
          leaseMs: 60_000,
        }),
    )
    expect(result).toEqual({ kind: 'claimed', historyId: '42', attempts: 2, takenOver: true })
    // The takeover rewrites the trace context along with the correlation id.
    expect(sql).toMatch(/^update "SmsSendHistory" set .*"CorrelationID" = @\d+, "TraceParent" = @\d+/m)
    expect(sql).toContain(TRACE_B)
    expect(sql).toMatchSnapshot()
  })

  it('history.complete, release, getById', async () => {
    const { result, sql } = await recorded(rules([/^update "SmsSendHistory" set "StatusID"/, { rows: [historyRow()] }]), async (db) => {
      const record = await db.repositories.history.complete('42', {
        status: 'sent',
        venuePhoneNumberId: 3,
        message: 'Hello',
        provider: 'twilio',
        providerMessageId: 'SM1',
        segments: 1,
        encoding: 'GSM-7',
      })
      await db.repositories.history.release('43', 'http:503')
      return record
    })
    // tedious returns uniqueidentifier in upper case; the record carries the canonical lower case.
    expect(result).toMatchObject({ id: '42', orderId: ORDER.toLowerCase(), status: 'sent', provider: 'twilio', traceparent: TRACE_A })
    expect(sql).toMatch(/output "inserted"\.\* where "ID" = @12/)
    expect(sql).toMatchSnapshot()
  })

  it('history.complete and release fenced by the claim: a conditional UPDATE, the row read back when fenced out', async () => {
    const { result, sql, statements } = await recorded(
      rules(
        [/^update "SmsSendHistory" set "StatusID"/, { rows: [] }],
        [/from "SmsSendHistory" as "h"/, { rows: [historyRow({ StatusID: 5, Attempts: 2, ProviderMessageID: null })] }],
      ),
      async (db) => {
        const late = await db.repositories.history.complete('42', { status: 'failed', errorCode: 'late', claimAttempts: 1 })
        await db.repositories.history.release('42', 'http:503', 1)
        return late
      },
    )
    expect(result).toMatchObject({ id: '42', status: 'pending', attempts: 2 })
    const [complete, readBack, release] = statements
    expect(complete?.sql).toMatch(/output "inserted"\.\* where "ID" = @\d+ and "StatusID" = @\d+ and "Attempts" = @\d+$/)
    expect(complete?.parameters.slice(-3)).toEqual(['42', 5, 1])
    expect(readBack?.sql).toMatch(/^select "h"\.\*, "p"\."Name" as "ProviderName" from "SmsSendHistory" as "h"/)
    expect(release?.sql).toMatch(/^update "SmsSendHistory" set .* where "ID" = @\d+ and "StatusID" = @\d+ and "Attempts" = @\d+$/)
    expect(release?.parameters.slice(-3)).toEqual(['42', 5, 1])
    expect(sql).toMatchSnapshot()
  })

  it('history.query: every filter and a keyset cursor, with TOP instead of LIMIT', async () => {
    const { sql } = await recorded(rules(), (db) =>
      db.repositories.history.query({
        venueId: 7,
        phoneNumber: PHONE,
        orderId: ORDER,
        status: 'sent',
        from: T0,
        to: new Date(T0.getTime() + 86_400_000),
        limit: 50,
        cursor: encodeHistoryCursor({ createdAt: T0, id: '100' }),
      }),
    )
    expect(sql).toMatch(/^select top\(51\)/)
    expect(sql).toMatchSnapshot()
  })

  it('history.applyDeliveryReport', async () => {
    const { result, sql } = await recorded(
      rules(
        [/^select top\(1\) "ID"/, { rows: [{ ID: '42' }] }],
        [/from "SmsSendHistory" as "h"/, { rows: [historyRow({ DeliveryStatus: 'delivered', DeliveryUpdatedAt: T0 })] }],
      ),
      async (db) => {
        const delivered = await db.repositories.history.applyDeliveryReport({
          provider: 'twilio',
          providerMessageId: 'SM1',
          status: 'delivered',
          errorCode: null,
          occurredAt: T0,
        })
        // An in-flight status also may not replace a final one.
        await db.repositories.history.applyDeliveryReport({
          provider: 'twilio',
          providerMessageId: 'SM1',
          status: 'sent',
          errorCode: null,
          occurredAt: T0,
        })
        return delivered
      },
    )
    expect(result).toMatchObject({ deliveryStatus: 'delivered' })
    expect(sql).toMatch(/"DeliveryStatus" not in \(@\d+, @\d+, @\d+\)/)
    expect(sql).toMatchSnapshot()
  })

  it('numbers: find, list, assign (and its conflict path), release', async () => {
    const assignInsert = once<ReturnType<Responder>>({ rows: [{ ID: 3 }] }, mssqlUniqueViolation())
    const { sql } = await recorded(
      rules([/^insert into "VenuePhoneNumbers"/, assignInsert], [/^select (top\(1\) )?"n"\.\*/, { rows: [numberRow()] }]),
      async (db) => {
        const numbers = db.repositories.numbers
        await numbers.findActive(7, 'twilio')
        await numbers.findActiveByNumber('+15550100001')
        expect(await numbers.findLatestByNumber('+15550100001')).toMatchObject({ id: 3, status: 'active' })
        await numbers.getById(3)
        await numbers.listByVenue(7)
        expect(
          (await numbers.assign({ venueId: 7, phoneNumber: '+15550100001', providerId: 'PN1', provider: 'twilio', assignedAt: T0 })).kind,
        ).toBe('assigned')
        expect(
          (await numbers.assign({ venueId: 7, phoneNumber: '+15550100002', providerId: 'PN2', provider: 'twilio', assignedAt: T0 })).kind,
        ).toBe('venue-already-has-number')
        await numbers.release(3, T0)
      },
    )
    // The latest assignment: active first, then the most recent, highest id; one row with TOP.
    expect(sql).toContain(
      'select top(1) "n".*, "p"."Name" as "ProviderName" from "VenuePhoneNumbers" as "n" inner join "ProviderNames" as "p" on "p"."ID" = "n"."ProviderNameID" where "n"."PhoneNumber" = @1 order by case when "n"."StatusID" = @2 then 0 else 1 end asc, "n"."AssignedAt" desc, "n"."ID" desc',
    )
    expect(sql).toMatchSnapshot()
  })

  it('numbers: provisioning claim, takeover of an expired lease, busy, finish', async () => {
    const { result, sql } = await recorded(
      rules(
        [/^insert into "VenueNumberProvisioning"/, mssqlUniqueViolation()],
        [/^update "VenueNumberProvisioning"/, { affected: 0 }],
        [/^select "LeaseExpiresAt"/, { rows: [{ LeaseExpiresAt: new Date(T0.getTime() + 5_000) }] }],
      ),
      async (db) => {
        const claim = await db.repositories.numbers.claimProvisioning(7, 'twilio', 30_000)
        await db.repositories.numbers.finishProvisioning(7, 'twilio', 'token-1')
        return claim
      },
    )
    expect(result).toEqual({ kind: 'busy', retryAfterMs: 5_000 })
    expect(sql).toMatchSnapshot()
  })

  it('a provider not seeded registers itself with the next id', async () => {
    const lookup = once<ReturnType<Responder>>({ rows: [] }, { rows: [{ ID: 4 }] })
    const { result, sql } = await recorded(
      rules(
        [/max\("ID"\)/, { rows: [{ max: 3 }] }],
        [/^select "ID" from "ProviderNames"/, lookup],
        [/^insert into "VenueNumberProvisioning"/, { affected: 1 }],
      ),
      (db) => db.repositories.numbers.claimProvisioning(7, 'messagebird', 30_000),
    )
    expect(result).toMatchObject({ kind: 'claimed' })
    expect(sql).toMatch(/insert into "VenueNumberProvisioning" .* values \(@1, @2, @3, @4, @5, @6\)\n {2}-- \[7,4,/)
    expect(sql).toMatch(/insert into "ProviderNames" \("ID", "Name"\) values \(@1, @2\)/)
    expect(sql).toMatchSnapshot()
  })
})

describe('T-SQL of the sender pacer', () => {
  const PACING_UPDATE =
    /^update "SenderPacing" with \(updlock, holdlock\) set "NextSlotAt" = case when .* output deleted\."NextSlotAt" as "Before", inserted\."NextSlotAt" as "After" where "VenuePhoneNumberID" = @\d+$/

  it('a sender with a row: one locked UPDATE … OUTPUT in a transaction gives the slot', async () => {
    const { result, sql, statements } = await recorded(
      rules([/^update "SenderPacing"/, { rows: [{ Before: new Date(T0.getTime() + 700), After: new Date(T0.getTime() + 1_700) }] }]),
      (db) => db.repositories.pacer.reserve(3, T0, 1_000, 5_000),
    )
    expect(result).toEqual({ kind: 'slot', at: new Date(T0.getTime() + 700) })
    expect(statements.map((s) => s.sql.split(' ')[0])).toEqual(['BEGIN', 'update', 'COMMIT'])
    expect(statements[1]?.sql).toMatch(PACING_UPDATE)
    expect(statements[1]?.sql).toContain('then dateadd(millisecond, @')
    expect(sql).toMatchSnapshot()
  })

  it('a sender whose next slot is beyond the wait: busy, the value written back unchanged', async () => {
    const { result } = await recorded(
      rules([/^update "SenderPacing"/, { rows: [{ Before: new Date(T0.getTime() + 9_000), After: new Date(T0.getTime() + 9_000) }] }]),
      (db) => db.repositories.pacer.reserve(3, T0, 1_000, 5_000),
    )
    expect(result).toEqual({ kind: 'busy', retryAfterMs: 9_000 })
  })

  it('a sender without a row: inserted at now + interval; a racing insert (2627) runs the reservation again', async () => {
    const update = once<ReturnType<Responder>>(
      { rows: [] },
      { rows: [{ Before: new Date(T0.getTime() + 1_000), After: new Date(T0.getTime() + 2_000) }] },
    )
    const { result, sql, statements } = await recorded(
      rules([/^update "SenderPacing"/, update], [/^insert into "SenderPacing"/, mssqlUniqueViolation()]),
      (db) => db.repositories.pacer.reserve(3, T0, 1_000, 5_000),
    )
    expect(result).toEqual({ kind: 'slot', at: new Date(T0.getTime() + 1_000) })
    expect(statements.map((s) => s.sql.split(' ')[0])).toEqual(['BEGIN', 'update', 'insert', 'ROLLBACK', 'BEGIN', 'update', 'COMMIT'])
    expect(statements[2]?.sql).toBe('insert into "SenderPacing" ("VenuePhoneNumberID", "NextSlotAt") values (@1, @2)')
    expect(statements[2]?.parameters).toEqual([3, new Date(T0.getTime() + 1_000)])
    expect(sql).toMatchSnapshot()
  })

  it('a first reservation that keeps colliding is a TransientStoreError, not a crash', async () => {
    const { database } = recordingMssqlDatabase(
      rules([/^update "SenderPacing"/, { rows: [] }], [/^insert into "SenderPacing"/, mssqlUniqueViolation()]),
      new ManualClock(T0),
    )
    await expect(database.repositories.pacer.reserve(3, T0, 1_000, 5_000)).rejects.toMatchObject({
      name: 'TransientStoreError',
      code: 'pacing_contention',
    })
  })
})

describe('T-SQL of the migrations', () => {
  it('compiles every migration, under the sp_getapplock migration lock', async () => {
    const { database, statements } = recordingMssqlDatabase(rules([/.*/, { rows: [], affected: 0 }]))
    await database.migrateToLatest()
    const sql = statements.map((s) => s.sql)
    expect(sql.some((s) => s.startsWith('exec sp_getapplock'))).toBe(true)
    expect(sql.some((s) => s.startsWith('exec sp_releaseapplock'))).toBe(true)
    const ddl = sql.filter((s) => /^create (table|unique index|index)/.test(s))
    expect(ddl.join('\n')).toMatch(/"ID" bigint identity not null/)
    expect(ddl.join('\n')).toMatch(/datetime2\(7\)/)
    expect(ddl.join('\n')).toMatch(/uniqueidentifier/)
    expect(ddl.join('\n')).toMatch(
      /create unique index "UX_VenuePhoneNumbers_VenueID_ProviderNameID_Active" on "VenuePhoneNumbers" \("VenueID", "ProviderNameID"\) where "StatusID" = 1/,
    )
    expect(ddl.join('\n')).not.toMatch(/if not exists/i)
    // T-SQL's ALTER TABLE … ADD has no COLUMN keyword.
    expect(sql).toContain('alter table "SmsSendHistory" add "TraceParent" varchar(55)')
    expect(sql).toContain('alter table "SmsConsentChanges" add "TraceParent" varchar(55)')
    expect(sql).toContain(
      'create index "IX_SmsConsentOutbox_PendingKey" on "SmsConsentOutbox" ("VenueID", "PhoneNumber", "ID") where "PublishedAt" is null',
    )
    expect(sql).toContain(
      'create table "SenderPacing" ("VenuePhoneNumberID" integer not null, "NextSlotAt" datetime2(7) not null, constraint "PK_SenderPacing" primary key ("VenuePhoneNumberID"))',
    )
    // Kysely's own bookkeeping (catalog introspection, the migration table's timestamps) is left out.
    const ours = statements.filter((s) => !/kysely_migration"|"sys"\./.test(s.sql))
    expect(render(ours)).toMatchSnapshot()
  })
})
