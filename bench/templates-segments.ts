// Throughput of segment counting, GSM folding and template rendering: the per-message cost templates add.
// Prints figures only. Run: pnpm exec tsx bench/templates-segments.ts (after building @sms-notification/core).
import { countSegments, createTemplateRenderer, defaultTemplates, foldToGsm, formatMoney } from '@sms-notification/core'

const renderer = createTemplateRenderer({ messageTypes: defaultTemplates })
const data = {
  customerFirstName: 'Alexandra',
  venueName: 'The Fillmore Theater',
  eventName: 'Midnight Jazz Orchestra',
  orderRef: 'A1B2C3D4',
  ticketCountLabel: '2 tickets',
  orderTotal: formatMoney(129.5, 'USD', 'en-US'),
}
const gsmText = renderer.render({ messageType: 'order_confirmation', data }).text
const smartText = `${gsmText.replace("'", '’').replace('-', '—')} “quoted”…`
const ucs2Text = `${gsmText} 🎟️ 李小龙`

const cases: [string, () => unknown][] = [
  ['countSegments (GSM-7, 1 segment)', () => countSegments(gsmText)],
  ['countSegments (UCS-2)', () => countSegments(ucs2Text)],
  ['foldToGsm (already GSM-7)', () => foldToGsm(gsmText)],
  ['foldToGsm (smart punctuation)', () => foldToGsm(smartText)],
  ['foldToGsm (stays UCS-2)', () => foldToGsm(ucs2Text)],
  ['render order_confirmation', () => renderer.render({ messageType: 'order_confirmation', venueId: 12, locale: 'fr-CA', data })],
]

let sink = 0
for (const [name, run] of cases) {
  for (let i = 0; i < 20_000; i++) sink += run() ? 1 : 0
  const iterations = 200_000
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) sink += run() ? 1 : 0
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  console.log(
    `${name.padEnd(36)} ${Math.round(iterations / seconds)
      .toLocaleString('en-US')
      .padStart(12)} ops/s  ${((seconds / iterations) * 1e6).toFixed(2)} µs/op`,
  )
}
if (sink === 0) console.log('(no results)')
