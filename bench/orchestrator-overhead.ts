// Orchestrator overhead: events/s through the whole flow (validation, claim, consent, sender lookup, render,
// segment count, history, metrics) on in-memory adapters with a provider that does nothing, against a bare loop
// that only calls the same provider. Prints figures; asserts nothing.
import { randomUUID } from 'node:crypto'
import { createSmsNotifier, type SendOutcome, type SendSmsRequest, type SmsProvider } from '@sms-notification/core'
import { createInMemoryPersistence } from '@sms-notification/core/testing'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000)
const SENDER = { venuePhoneNumberId: 1, phoneNumber: '+12025550100' }

class NoopProvider implements SmsProvider {
  readonly name = 'noop'
  #n = 0
  async send(request: SendSmsRequest): Promise<SendOutcome> {
    const r = await request.sender(this.name)
    if (r.kind !== 'sender') throw new Error(`no sender: ${r.kind}`)
    const sender = r.sender
    return { kind: 'sent', provider: this.name, sender, providerMessageId: String(++this.#n) }
  }
  #numbers = 0
  async provisionNumber() {
    const n = ++this.#numbers
    return {
      kind: 'provisioned' as const,
      provider: this.name,
      phoneNumber: `+1202555${String(n).padStart(4, '0')}`,
      providerId: `noop-${n}`,
    }
  }
  async releaseNumber() {
    return { kind: 'released' as const }
  }
}

function event(i: number) {
  return {
    OrderId: randomUUID(),
    VenueId: 1 + (i % 50),
    CustomerId: randomUUID(),
    PhoneNumber: `+1415555${String(i % 10_000).padStart(4, '0')}`,
    CustomerName: 'Ann O’Brien',
    OrderTotal: 42.5,
    TicketCount: 2,
    EventTimestamp: new Date().toISOString(),
    Currency: 'USD',
    VenueName: 'The Fillmore',
    SmsOptIn: true,
  }
}

async function bareLoop(): Promise<number> {
  const provider = new NoopProvider()
  const sender = async () => ({ kind: 'sender' as const, sender: SENDER })
  const started = performance.now()
  for (let i = 0; i < EVENTS; i++) await provider.send({ to: '+14155550100', body: 'Your order is confirmed.', sender })
  return EVENTS / ((performance.now() - started) / 1000)
}

async function orchestrated(): Promise<number> {
  const persistence = createInMemoryPersistence()
  const notifier = createSmsNotifier({ repositories: persistence, provider: new NoopProvider() })
  const events = Array.from({ length: EVENTS }, (_, i) => event(i))
  const started = performance.now()
  for (const e of events) {
    const outcome = await notifier.sendOrderConfirmation(e)
    if (outcome.action !== 'ack') throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`)
  }
  return EVENTS / ((performance.now() - started) / 1000)
}

// Warm up both paths once so the JIT sees them before measuring.
await bareLoop()
await orchestrated()
const bare = await bareLoop()
const full = await orchestrated()
console.log(`orchestrator overhead (${EVENTS} events, in-memory adapters, no-op provider)`)
console.log(`  bare provider loop : ${bare.toFixed(0)} events/s`)
console.log(`  orchestrator       : ${full.toFixed(0)} events/s`)
console.log(`  ratio              : ${(full / bare).toFixed(4)} (orchestrator / bare)`)
