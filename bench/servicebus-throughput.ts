// Consumer throughput: messages/s through the embedded queue consumer, and through ServiceBusConsumer (the real
// @azure/service-bus SDK) against the in-test AMQP broker, with the settlement guard on and off, at several
// concurrency levels. The handler does nothing, so this is the transport's own cost. Prints figures; asserts
// nothing. Needs the built packages: `pnpm exec turbo run build --filter=@sms-notification/bench...` first.
import { EmbeddedQueue, EmbeddedQueueConsumer } from '@sms-notification/adapters-servicebus/embedded'
import { ServiceBusConsumer } from '@sms-notification/adapters-servicebus'
import type { HandleOutcome } from '@sms-notification/core'
import { AmqpTestBroker } from '@sms-notification/adapters-servicebus/testing'

const EMBEDDED_MESSAGES = Number(process.env.BENCH_EMBEDDED_MESSAGES ?? 20_000)
const SERVICE_BUS_MESSAGES = Number(process.env.BENCH_SERVICEBUS_MESSAGES ?? 2_000)
const TYPE = 'SendOrderConfirmationSms'
const body = { OrderId: '5f0c1d2e-0000-4000-8000-000000000001', VenueId: 7, PhoneNumber: '+14155550100', TicketCount: 2 }
const ack = async (): Promise<HandleOutcome> => ({ action: 'ack', result: 'sent' })

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}

async function embedded(concurrency: number): Promise<number> {
  let settled = 0
  const queue = new EmbeddedQueue({ onSettled: () => void settled++ })
  for (let i = 0; i < EMBEDDED_MESSAGES; i++) queue.send(body, { messageType: TYPE })
  const consumer = new EmbeddedQueueConsumer(queue, { handler: ack, messageTypes: [TYPE], maxConcurrentCalls: concurrency })
  const started = performance.now()
  await consumer.start()
  await until(() => settled === EMBEDDED_MESSAGES)
  const rate = EMBEDDED_MESSAGES / ((performance.now() - started) / 1000)
  await consumer.stop(1_000)
  queue.close()
  return rate
}

// Every tenth message is dead-lettered: those settlements must go out alone when the guard is on.
const mixed = async (message: { body: unknown }): Promise<HandleOutcome> =>
  Number(String((message.body as { n: number }).n)) % 10 === 0
    ? { action: 'dead-letter', reason: 'InvalidEvent', description: 'bench' }
    : ack()

async function serviceBus(
  concurrency: number,
  guard: boolean,
  handler: (message: { body: unknown }) => Promise<HandleOutcome> = ack,
): Promise<number> {
  const broker = await AmqpTestBroker.start({ topics: { orders: ['sms'] }, queues: ['sms-retry'] })
  for (let i = 0; i < SERVICE_BUS_MESSAGES; i++) broker.inject('orders', { message_id: `m-${i}`, subject: TYPE, body: { ...body, n: i } })
  const consumer = new ServiceBusConsumer({
    connection: { connectionString: broker.connectionString() },
    topic: 'orders',
    subscription: 'sms',
    retryQueue: 'sms-retry',
    handler,
    messageTypes: [TYPE],
    maxConcurrentCalls: concurrency,
    maxAutoLockRenewalDurationInMs: 0,
    watchdog: false,
    unsafeDisableSettlementGuard: !guard,
  })
  const started = performance.now()
  await consumer.start()
  await until(() => broker.settlements('orders/Subscriptions/sms').length === SERVICE_BUS_MESSAGES)
  const rate = SERVICE_BUS_MESSAGES / ((performance.now() - started) / 1000)
  await consumer.stop(1_000)
  await broker.close()
  return rate
}

const row = (label: string, rate: number): void => console.log(`${label.padEnd(52)} ${rate.toFixed(0).padStart(7)} msg/s`)

console.log(`embedded queue, ${EMBEDDED_MESSAGES} messages, no-op handler`)
for (const concurrency of [1, 8, 32]) row(`  EmbeddedQueueConsumer, maxConcurrentCalls=${concurrency}`, await embedded(concurrency))

await serviceBus(8, true) // warm-up: the first connection pays for loading and JIT
for (const [label, handler] of [
  ['all acknowledged', ack],
  ['every tenth dead-lettered', mixed],
] as const) {
  console.log(`\nService Bus SDK against the AMQP test broker, ${SERVICE_BUS_MESSAGES} messages, ${label} (includes connect)`)
  for (const concurrency of [1, 8, 32]) {
    const guarded = await serviceBus(concurrency, true, handler)
    const unguarded = await serviceBus(concurrency, false, handler)
    row(`  ServiceBusConsumer, maxConcurrentCalls=${concurrency}, guard on`, guarded)
    row(`  ServiceBusConsumer, maxConcurrentCalls=${concurrency}, guard off (unsafe)`, unguarded)
  }
}
