import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli/run-cli.js'
import { INTERNAL_TOKEN, PUBLIC_TOKEN, startTestRuntime, type TestRuntime } from './support/test-runtime.js'

const dir = mkdtempSync(join(tmpdir(), 'container-app-cli-'))
const databaseUrl = `sqlite:${join(dir, 'cli.db')}`

async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { DATABASE_URL: databaseUrl, API_TOKENS: PUBLIC_TOKEN, INTERNAL_API_TOKEN: INTERNAL_TOKEN, ...env },
  })
  const text = out.join('\n')
  return { code, text, json: /^[[{]/.test(text) ? (JSON.parse(text) as unknown) : undefined, err: err.join('\n') }
}

describe('CLI', () => {
  let service: TestRuntime
  let serviceUrl: string
  beforeAll(async () => {
    service = await startTestRuntime({ databaseUrl })
    await service.app.listen({ port: 0, host: '127.0.0.1' })
    serviceUrl = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await service.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('migrate applies every migration and reports them', async () => {
    const r = await cli(['migrate'])
    expect(r.code).toBe(0)
    const result = r.json as { dialect: string; migrations: Array<{ name: string; executedAt: string | null }> }
    expect(result.dialect).toBe('sqlite')
    expect(result.migrations.length).toBeGreaterThan(3)
    expect(result.migrations.every((m) => m.executedAt !== null)).toBe(true)
  })

  it('send-sample queues an event on the running embedded service; history --order shows it', async () => {
    const sent = await cli(['send-sample', '--venue', '41', '--phone', '+12065550141', '--opt-in'], { SMS_SERVICE_URL: serviceUrl })
    expect(sent.code).toBe(0)
    const { orderId } = sent.json as { orderId: string }
    let items: Array<{ status: string }> = []
    for (let i = 0; i < 100 && !items.some((x) => x.status === 'sent'); i++) {
      items = ((await cli(['history', '--order', orderId])).json as Array<{ status: string }> | undefined) ?? []
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(items).toMatchObject([{ status: 'sent', venueId: 41, orderId }])
  })

  it('consent prints the record and its change log; exit 1 when there is none', async () => {
    const shown = await cli(['consent', '41', '+12065550141'])
    expect(shown.code).toBe(0)
    expect(shown.json).toMatchObject({
      consent: { status: 'opted_in', source: 'checkout' },
      changes: [{ action: 'opt_in', disposition: 'applied' }],
    })
    expect((await cli(['consent', '41', '+12065550142'])).code).toBe(1)
    expect((await cli(['consent', 'x', 'y'])).code).toBe(2)
  })

  it('dead-letters list and replay through the running service', async () => {
    const poison = await fetch(`${serviceUrl}/api/dev/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PUBLIC_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ OrderId: 'nope' }),
    })
    const { messageId } = (await poison.json()) as { messageId: string }
    let listed: Array<{ messageId: string; reason: string }> = []
    for (let i = 0; i < 100 && !listed.some((d) => d.messageId === messageId); i++) {
      listed = (await cli(['dead-letters', 'list'], { SMS_SERVICE_URL: serviceUrl })).json as typeof listed
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(listed.find((d) => d.messageId === messageId)).toMatchObject({ reason: 'InvalidEvent' })
    const replayed = await cli(['dead-letters', 'replay', messageId], { SMS_SERVICE_URL: serviceUrl })
    expect(replayed.code).toBe(0)
    expect((await cli(['dead-letters', 'replay', 'no-such-id'], { SMS_SERVICE_URL: serviceUrl })).code).toBe(1)
  })

  it('db-user prints idempotent T-SQL, and refuses to run on a database other than SQL Server', async () => {
    const args = ['db-user', '--name', 'id-sms-notification', '--client-id', '6f9619ff-8b86-d011-b42d-00c04fc964ff']
    const printed = await cli([...args, '--print'])
    expect(printed.code).toBe(0)
    expect(printed.text).toContain('CREATE USER [id-sms-notification] WITH SID = 0xFF19966F868B11D0B42D00C04FC964FF, TYPE = E;')
    expect(printed.text).toContain('ALTER ROLE [db_datareader] ADD MEMBER [id-sms-notification];')
    expect(printed.text).toContain('ALTER ROLE [db_datawriter] ADD MEMBER [id-sms-notification];')
    const onSqlite = await cli(args)
    expect(onSqlite.code).toBe(2)
    expect(onSqlite.err).toContain('only SQL Server has; DATABASE_URL is sqlite')
    const onPostgres = await cli(args, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' })
    expect(onPostgres.code).toBe(2)
    expect(onPostgres.err).toContain('DATABASE_URL is postgres')
    const badGuid = await cli(['db-user', '--name', 'id-sms-notification', '--client-id', 'nope', '--print'])
    expect(badGuid.code).toBe(2)
    expect(badGuid.err).toContain('--client-id must be the managed identity client id')
    expect((await cli(['help'])).text).toContain('db-user --name <identity name> --client-id <guid>')
  })

  it('explains usage and configuration errors with exit code 2', async () => {
    const none = await cli([])
    expect(none.code).toBe(2)
    expect(none.text).toContain('usage: sms-notification')
    const unknown = await cli(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('unknown command frobnicate')
    const badConfig = await cli(['migrate'], { DATABASE_URL: 'oracle://x' })
    expect(badConfig.code).toBe(2)
    expect(badConfig.err).toContain('DATABASE_URL')
    const unreachable = await cli(['send-sample'], { SMS_SERVICE_URL: 'http://127.0.0.1:9' })
    expect(unreachable.code).toBe(2)
    expect(unreachable.err).toContain('no service answers')
  })
})
