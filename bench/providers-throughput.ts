// Provider adapter overhead: sends/s through the Twilio and Plivo adapters (their official SDKs over HTTP) against
// the local fake provider server, versus a raw undici POST of the same request to the same server. 50 requests
// in flight, a bounded count per run. Prints figures and ratios; asserts nothing.
// Needs the built package: `pnpm exec turbo run build --filter=@sms-notification/bench...` first.
import type { SendSmsRequest, SmsProvider } from '@sms-notification/core'
import { SimulatedSmsProvider } from '@sms-notification/adapters-providers'
import { startFakeProviderServer } from '@sms-notification/adapters-providers/fake-provider-server'
import { createPlivoSmsProvider } from '@sms-notification/adapters-providers/plivo'
import { createTwilioSmsProvider } from '@sms-notification/adapters-providers/twilio'
import { Pool } from 'undici'

const SENDS = Number(process.env.BENCH_SENDS ?? 5_000)
const WARMUP = Math.min(500, SENDS)
const CONCURRENCY = 50
const FROM = '+12125550100'
const TO = '+14155550100'
const BODY = 'Your order 8842 is confirmed: 2 tickets. Reply STOP to opt out.'

async function run(count: number, once: () => Promise<void>): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1
        await once()
      }
    }),
  )
  return count / ((performance.now() - started) / 1000)
}

async function measure(label: string, once: () => Promise<void>, reset: () => void): Promise<number> {
  await run(WARMUP, once)
  reset()
  const rate = await run(SENDS, once)
  reset()
  console.log(`${label.padEnd(34)} ${rate.toFixed(0).padStart(7)} sends/s`)
  return rate
}

function adapterSend(provider: SmsProvider): () => Promise<void> {
  const request: SendSmsRequest = {
    to: TO,
    body: BODY,
    sender: async () => ({ kind: 'sender', sender: { venuePhoneNumberId: 1, phoneNumber: FROM } }),
  }
  return async () => {
    const outcome = await provider.send(request)
    if (outcome.kind !== 'sent') throw new Error(`${provider.name} send failed: ${outcome.kind} ${outcome.errorCode}`)
  }
}

const server = await startFakeProviderServer()
const reset = () => server.reset()
const pool = new Pool(server.url, { connections: CONCURRENCY })
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const { twilio: tw, plivo: pl } = server.credentials

function rawPost(path: string, headers: Record<string, string>, body: string, expected: number): () => Promise<void> {
  return async () => {
    const response = await pool.request({ method: 'POST', path, headers, body })
    await response.body.dump()
    if (response.statusCode !== expected) throw new Error(`raw POST answered ${response.statusCode}`)
  }
}

console.log(`providers-throughput: ${SENDS} sends per run, ${CONCURRENCY} in flight, fake server at ${server.url}`)
const rawTwilio = await measure(
  'raw undici POST (Twilio shape)',
  rawPost(
    `/2010-04-01/Accounts/${tw.accountSid}/Messages.json`,
    { authorization: basic(tw.accountSid, tw.authToken), 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({ To: TO, From: FROM, Body: BODY }).toString(),
    201,
  ),
  reset,
)
const twilio = await measure(
  'TwilioSmsProvider (twilio SDK)',
  adapterSend(createTwilioSmsProvider({ ...tw, apiBaseUrl: server.url })),
  reset,
)
const rawPlivo = await measure(
  'raw undici POST (Plivo shape)',
  rawPost(
    `/v1/Account/${pl.authId}/Message/`,
    { authorization: basic(pl.authId, pl.authToken), 'content-type': 'application/json' },
    JSON.stringify({ src: FROM.slice(1), dst: TO.slice(1), text: BODY }),
    202,
  ),
  reset,
)
const plivo = await measure('PlivoSmsProvider (plivo SDK)', adapterSend(createPlivoSmsProvider({ ...pl, apiBaseUrl: server.url })), reset)
const simulated = new SimulatedSmsProvider({ outboxLimit: 100 })
const inMemory = await measure('SimulatedSmsProvider (in memory)', adapterSend(simulated), reset)

console.log('')
console.log(`twilio adapter / raw undici: ${(twilio / rawTwilio).toFixed(2)}`)
console.log(`plivo adapter  / raw undici: ${(plivo / rawPlivo).toFixed(2)}`)
console.log(`simulated      / raw undici: ${(inMemory / rawTwilio).toFixed(1)} (no HTTP at all)`)

await pool.close()
await server.close()
