import { randomUUID } from 'node:crypto'
import type { SmsProvider } from '../src/ports/sms-provider.js'
import { createSmsNotifier, type SmsNotifierDeps } from '../src/sms-notifier.js'
import { FakeSmsProvider } from '../testing/fake-sms-provider.js'
import { createInMemoryPersistence } from '../testing/in-memory-persistence.js'
import { ManualClock } from '../testing/manual-clock.js'
import { RecordingLogger } from '../testing/recording-logger.js'
import { RecordingMetrics } from '../testing/recording-metrics.js'

export const PHONE = '+14155550100'

export function orderEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    OrderId: randomUUID(),
    VenueId: 7,
    CustomerId: randomUUID(),
    PhoneNumber: PHONE,
    CustomerName: 'Ann Lee',
    OrderTotal: 42.5,
    TicketCount: 2,
    EventTimestamp: '2026-01-15T11:59:00Z',
    Currency: 'USD',
    VenueName: 'The Fillmore',
    ...over,
  }
}

export function harness(options: { provider?: SmsProvider; deps?: Partial<SmsNotifierDeps> } = {}) {
  const clock = new ManualClock('2026-01-15T12:00:00Z')
  const persistence = createInMemoryPersistence({ clock })
  const provider = options.provider ?? new FakeSmsProvider('fake')
  const metrics = new RecordingMetrics()
  const logger = new RecordingLogger()
  const notifier = createSmsNotifier({
    repositories: persistence,
    provider,
    clock,
    metrics,
    logger,
    options: { retry: { baseMs: 1_000, maxMs: 60_000 }, maxAttempts: 4, leaseMs: 30_000 },
    ...options.deps,
  })
  const deliver = (body: unknown, attempt = 1, messageType = 'SendOrderConfirmationSms') =>
    notifier.handle({ messageType, body, attempt, correlationId: 'corr-42' })
  const optIn = (venueId = 7, phone = PHONE) =>
    persistence.consents.applyChange({
      venueId,
      phoneNumber: phone,
      action: 'opt_in',
      source: 'checkout',
      occurredAt: new Date('2026-01-01T00:00:00Z'),
    })
  const rows = (orderId: unknown) => [...persistence.history.rows.values()].filter((r) => r.orderId === orderId)
  return { clock, persistence, provider, metrics, logger, notifier, deliver, optIn, rows }
}
