// End to end with real processes: a signed provider webhook → the function's local runner (dist) → the
// container app (dist, real HTTP) → PostgreSQL. Needs both packages built (`npm run build`) and PostgreSQL on
// 127.0.0.1:5432; without them the suite is skipped with a message, except under CI=true where it fails.
import { existsSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { signTwilio } from '@sms-notification/adapters-providers/twilio/webhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startNode, waitFor, type RunningProcess } from './support/processes.js'

const functionDir = fileURLToPath(new URL('..', import.meta.url))
const containerAppDir = fileURLToPath(new URL('../../container-app/', import.meta.url))
const runnerScript = `${functionDir}dist/src/local-runner.js`
const appScript = `${containerAppDir}dist/src/main.js`

const INTERNAL_TOKEN = 'e2e-internal-token-0123456789'
const PUBLIC_TOKEN = 'e2e-public-token-0123456789'
const TWILIO_TOKEN = 'e2e-twilio-auth-token'
const VENUE_ID = 7
const CUSTOMER = '+12065550123'
const SCHEMA = `fn_e2e_${process.pid}_${Date.now()}`

/** Finds a reachable PostgreSQL (trust auth as postgres or root), or explains why there is none. */
async function findPostgres(): Promise<{ url: string } | { missing: string }> {
  const problems: string[] = []
  for (const user of ['postgres', 'root']) {
    const url = `postgres://${user}@127.0.0.1:5432/test`
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
    try {
      await client.connect()
      await client.query('select 1')
      return { url }
    } catch (error) {
      problems.push(`${user}: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      await client.end().catch(() => undefined)
    }
  }
  return { missing: `PostgreSQL unreachable on 127.0.0.1:5432 (${problems.join('; ')})` }
}

const missingBuild = [runnerScript, appScript].filter((f) => !existsSync(f))
const postgres = await findPostgres()
const skipReason =
  missingBuild.length > 0 ? `not built: ${missingBuild.join(', ')} (run npm run build)` : 'missing' in postgres ? postgres.missing : null
if (skipReason && process.env.CI === 'true') throw new Error(`e2e prerequisites missing under CI: ${skipReason}`)
if (skipReason) console.warn(`[e2e] skipped: ${skipReason}`)

describe.skipIf(skipReason !== null)('webhook function → container app → PostgreSQL', () => {
  const databaseUrl = 'url' in postgres ? postgres.url : ''
  let app: RunningProcess
  let runner: RunningProcess
  let appUrl = ''
  let runnerUrl = ''
  let venueNumber = ''
  let messageCounter = 0
  const db = new pg.Client({ connectionString: databaseUrl })

  beforeAll(async () => {
    await db.connect()
    const [appPort, runnerPort] = [await freePort(), await freePort()]
    appUrl = `http://127.0.0.1:${appPort}`
    runnerUrl = `http://localhost:${runnerPort}`
    app = startNode(
      appScript,
      {
        PORT: String(appPort),
        HOST: '127.0.0.1',
        DATABASE_URL: `${databaseUrl}?schema=${SCHEMA}`,
        API_TOKENS: PUBLIC_TOKEN,
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        SMS_PROVIDER: 'simulated',
        LOG_LEVEL: 'warn',
      },
      containerAppDir,
    )
    runner = startNode(
      runnerScript,
      {
        PORT: String(runnerPort),
        WEBHOOK_PUBLIC_BASE_URL: runnerUrl,
        SMS_SERVICE_URL: appUrl,
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
        FORWARD_UNKNOWN_MESSAGE_RETRIES: '2',
        FORWARD_UNKNOWN_MESSAGE_DELAY_MS: '50',
        LOG_LEVEL: 'warn',
      },
      functionDir,
    )
    try {
      await waitFor('the container app to be ready', async () => ((await fetch(`${appUrl}/healthz/ready`)).ok ? true : undefined), 60_000)
      await waitFor('the local runner to listen', async () =>
        (await fetch(`${runnerUrl}/api/twilio/webhook`)).status === 404 ? true : undefined,
      )
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- container app ---\n${app.output()}\n--- local runner ---\n${runner.output()}`)
    }
  }, 90_000)

  afterAll(async () => {
    await Promise.all([runner?.stop(), app?.stop()])
    await db.query(`drop schema if exists "${SCHEMA}" cascade`).catch(() => undefined)
    await db.end().catch(() => undefined)
  })

  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${appUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as any }
  }

  const consentStatus = async () =>
    (await api('GET', `/api/consent/${VENUE_ID}/${encodeURIComponent(CUSTOMER)}`, PUBLIC_TOKEN)).body.status as string

  const sendOrder = async (): Promise<string> => {
    const orderId = randomUUID()
    const queued = await api('POST', '/api/dev/events', PUBLIC_TOKEN, {
      OrderId: orderId,
      VenueId: VENUE_ID,
      CustomerId: randomUUID(),
      PhoneNumber: CUSTOMER,
      CustomerName: 'Ann Lee',
      OrderTotal: 42.5,
      TicketCount: 2,
      EventTimestamp: new Date().toISOString(),
    })
    expect(queued.status).toBe(202)
    return waitFor(`the history of order ${orderId}`, async () => {
      const page = await api('GET', `/api/history?orderId=${orderId}`, PUBLIC_TOKEN)
      const status = page.body.items?.[0]?.status as string | undefined
      return status && status !== 'pending' ? status : undefined
    })
  }

  /** An inbound SMS as Twilio posts it, signed with the SDK's signer over the runner's public URL. */
  const twilioSms = (body: string, signWith = TWILIO_TOKEN) => {
    const url = `${runnerUrl}/api/twilio/webhook`
    const params = {
      MessageSid: `SM${randomUUID().replace(/-/g, '')}${messageCounter++}`,
      AccountSid: 'ACe2e',
      From: CUSTOMER,
      To: venueNumber,
      Body: body,
    }
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilio(signWith, url, params) },
      body: new URLSearchParams(params),
    })
  }

  const outboxEvents = async (): Promise<Array<{ type: string; published: boolean }>> => {
    const result = await db.query(
      `select "EventType" as type, "PublishedAt" is not null as published from "${SCHEMA}"."SmsConsentOutbox" where "PhoneNumber" = $1 and "VenueID" = $2 order by "ID"`,
      [CUSTOMER, VENUE_ID],
    )
    return result.rows as Array<{ type: string; published: boolean }>
  }

  it('a signed STOP opts the customer out of the venue, a signed START brings them back', async () => {
    // Checkout consent, then a first order: sent, and the venue gets its sender number.
    const optIn = await api('POST', '/api/internal/consent/update', INTERNAL_TOKEN, {
      venueId: VENUE_ID,
      phoneNumber: CUSTOMER,
      action: 'opt_in',
      source: 'checkout',
    })
    expect(optIn.status).toBe(200)
    expect(await sendOrder()).toBe('sent')
    const numbers = await api('GET', `/api/internal/venues/${VENUE_ID}/phone-numbers`, INTERNAL_TOKEN)
    venueNumber = numbers.body.items[0].phoneNumber
    expect(venueNumber).toMatch(/^\+\d{8,15}$/)

    // A forged STOP changes nothing.
    expect((await twilioSms('STOP', 'not-the-auth-token')).status).toBe(400)
    expect(await consentStatus()).toBe('opted_in')

    // A signed STOP: TwiML back, consent opted out, SmsUnsubscribe in the outbox and then published.
    const stop = await twilioSms('STOP')
    expect(stop.status).toBe(200)
    expect(stop.headers.get('content-type')).toContain('text/xml')
    expect(await stop.text()).toContain('<Response/>')
    const consent = await api('GET', `/api/consent/${VENUE_ID}/${encodeURIComponent(CUSTOMER)}`, PUBLIC_TOKEN)
    expect(consent.body).toMatchObject({ status: 'opted_out', source: 'sms_keyword' })
    const afterStop = await waitFor('SmsUnsubscribe to be published', async () => {
      const events = await outboxEvents()
      return events.at(-1)?.type === 'SmsUnsubscribe' && events.at(-1)?.published ? events : undefined
    })
    expect(afterStop.map((e) => e.type)).toContain('SmsUnsubscribe')

    // The next order for that venue and phone is blocked.
    expect(await sendOrder()).toBe('blocked_opted_out')

    // A signed START restores consent and publishes SmsResubscribe; orders go out again.
    expect((await twilioSms('START')).status).toBe(200)
    expect(await consentStatus()).toBe('opted_in')
    await waitFor('SmsResubscribe to be published', async () => {
      const last = (await outboxEvents()).at(-1)
      return last?.type === 'SmsResubscribe' && last.published ? true : undefined
    })
    expect(await sendOrder()).toBe('sent')
  }, 60_000)

  it('a status callback reaches the service with its numbers; one it never learns of is acknowledged after the wait', async () => {
    const url = `${runnerUrl}/api/twilio/status`
    const params = { MessageSid: `SM${'e'.repeat(32)}`, MessageStatus: 'delivered', From: venueNumber || '+12125550100', To: CUSTOMER }
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilio(TWILIO_TOKEN, url, params) },
      body: new URLSearchParams(params),
    })
    expect(response.status).toBe(200)
    // The service read the body (with `from`/`to`) and answered 404 for the unknown id, not 400 for its shape;
    // the function asked again within its budget, then gave up loudly.
    const line = await waitFor('the runner to give the report up', async () =>
      runner
        .output()
        .split('\n')
        .find((l) => l.includes('"reason":"unknown_message"')),
    )
    expect(JSON.parse(line)).toMatchObject({ level: 'error', serviceStatus: 404, serviceCode: 'UNKNOWN_PROVIDER_MESSAGE', attempts: 3 })
    expect(line).not.toContain(CUSTOMER.slice(1))
  })

  it('HELP is acknowledged without touching consent', async () => {
    const before = await outboxEvents()
    expect((await twilioSms('HELP')).status).toBe(200)
    expect(await consentStatus()).toBe('opted_in')
    expect(await outboxEvents()).toEqual(before)
  })

  it('a STOP-blocked status callback for a send the service never recorded opts the customer out at once (202, no retry)', async () => {
    expect(await consentStatus()).toBe('opted_in')
    const outputBefore = runner.output().length
    const url = `${runnerUrl}/api/twilio/status`
    const sid = `SM${'b'.repeat(32)}`
    const params = { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '21610', From: venueNumber, To: CUSTOMER }
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilio(TWILIO_TOKEN, url, params) },
      body: new URLSearchParams(params),
    })
    expect(response.status).toBe(200)
    const consent = await api('GET', `/api/consent/${VENUE_ID}/${encodeURIComponent(CUSTOMER)}`, PUBLIC_TOKEN)
    expect(consent.body).toMatchObject({ status: 'opted_out', source: 'carrier_report' })
    // Neither retried as an unknown message nor logged as a failure: the report is done.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(
      runner
        .output()
        .slice(outputBefore)
        .split('\n')
        .filter((l) => /"level":"(warn|error)"/.test(l)),
    ).toEqual([])
  })
})
