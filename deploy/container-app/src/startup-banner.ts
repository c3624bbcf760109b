import { randomUUID } from 'node:crypto'
import type { AppConfig } from './config/load-config.js'

// A fictional number (NANP 555-01XX) so a pasted sample never texts anyone.
const SAMPLE_PHONE = '+12065550123'

/** What a newcomer needs after `npm start`: where it listens, the development tokens, a request to paste. */
export function startupBanner(config: AppConfig, address: string): string {
  const base = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1')
  const lines = [``, `SMS notification service listening on ${address} (queue: ${config.queueMode}, provider: ${config.env.SMS_PROVIDER})`]
  lines.push(`  API docs:  ${base}/docs`)
  if (config.generatedTokens.apiToken) lines.push(`  development API token:      ${config.generatedTokens.apiToken}`)
  if (config.generatedTokens.internalToken) lines.push(`  development internal token: ${config.generatedTokens.internalToken}`)
  if (config.queueMode === 'embedded' && config.realProvider) {
    lines.push(``, `  WARNING: SMS_PROVIDER sends real SMS but no Service Bus is configured: events come from the in-process queue only.`)
    if (config.devRoutes)
      lines.push(`  WARNING: DEV_ROUTES=true: any public API token can send any text to any number through /api/dev/events.`)
  }
  if (config.queueMode === 'embedded' && !config.devRoutes) {
    lines.push(`  development routes (/api/dev/*) are off${config.realProvider ? ' with a real provider' : ''} (DEV_ROUTES)`)
  }
  if (config.devRoutes) {
    const token = config.generatedTokens.apiToken ?? '<one of API_TOKENS>'
    const internal = config.generatedTokens.internalToken ?? '<INTERNAL_API_TOKEN>'
    const consent = JSON.stringify({ venueId: 7, phoneNumber: SAMPLE_PHONE, action: 'opt_in', source: 'checkout' })
    const event = JSON.stringify({
      // A fresh order per start: the same OrderId twice is (rightly) sent once.
      OrderId: randomUUID(),
      VenueId: 7,
      CustomerId: randomUUID(),
      PhoneNumber: SAMPLE_PHONE,
      CustomerName: 'Ann Lee',
      OrderTotal: 42.5,
      TicketCount: 2,
      EventTimestamp: new Date().toISOString(),
      Currency: 'USD',
      VenueName: 'The Fillmore',
      EventName: 'Jazz Night',
    })
    lines.push(
      ``,
      `  1. record consent:`,
      `     curl -s -X POST ${base}/api/internal/consent/update -H 'authorization: Bearer ${internal}' -H 'content-type: application/json' -d '${consent}'`,
      `  2. send an order confirmation:`,
      `     curl -s -X POST ${base}/api/dev/events -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d '${event}'`,
      `  3. see what was sent, and the history:`,
      `     curl -s ${base}/api/dev/outbox -H 'authorization: Bearer ${token}'`,
      `     curl -s '${base}/api/history?venueId=7' -H 'authorization: Bearer ${token}'`,
      `  4. run the webhook function against this service (port 7071):`,
      `     SMS_SERVICE_URL=${base} INTERNAL_API_TOKEN=${internal} TWILIO_AUTH_TOKEN=local-twilio-token npm run function:local`,
    )
  }
  return `${lines.join('\n')}\n\n`
}
