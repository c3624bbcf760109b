// Embedding the core without Service Bus: in-memory adapters and a fake provider, one confirmation sent.
// Run from the repository root: pnpm exec tsx packages/core/examples/embed.ts
import { randomUUID } from 'node:crypto'
import { createSmsNotifier } from '@sms-notification/core'
import { createInMemoryPersistence, FakeSmsProvider } from '@sms-notification/core/testing'

const provider = new FakeSmsProvider('example')
const notifier = createSmsNotifier({ repositories: createInMemoryPersistence(), provider })

await notifier.consent.update({ venueId: 7, phoneNumber: '+14155550100', action: 'opt_in', source: 'checkout' })
const outcome = await notifier.sendOrderConfirmation({
  OrderId: randomUUID(),
  VenueId: 7,
  CustomerId: randomUUID(),
  PhoneNumber: '+14155550100',
  CustomerName: 'Ann O’Brien',
  OrderTotal: 42.5,
  TicketCount: 2,
  EventTimestamp: new Date().toISOString(),
  VenueName: 'The Fillmore',
})
console.log(outcome)
console.log(provider.sent)
