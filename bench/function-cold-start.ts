// Cold start of the webhook function: how long importing its entry takes in a fresh Node process, against
// importing `@azure/functions` alone, plus what the first request adds (the provider's webhook module).
// Prints figures only. Run: pnpm exec tsx bench/function-cold-start.ts (after `npm run build`).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const functionDir = fileURLToPath(new URL('../deploy/function/', import.meta.url))
const entry = `${functionDir}dist/src/functions/webhooks.js`
// twilio is not a dependency of the function: resolve it where the provider adapters live.
const twilioSdk = createRequire(new URL('../packages/adapters-providers/package.json', import.meta.url)).resolve('twilio')
// The core's phone metadata, which the core's index loads for E.164 parsing and masking.
const phoneMetadata = createRequire(new URL('../packages/core/package.json', import.meta.url)).resolve('libphonenumber-js/max')
const RUNS = Number(process.env.BENCH_RUNS ?? 15)

if (!existsSync(entry)) {
  console.error(`missing ${entry}: build first (npm run build)`)
  process.exit(1)
}

const env = {
  ...process.env,
  WEBHOOK_PUBLIC_BASE_URL: 'https://hooks.example.com',
  SMS_SERVICE_URL: 'http://127.0.0.1:1',
  INTERNAL_API_TOKEN: 'bench-internal-token-0123456789',
  TWILIO_AUTH_TOKEN: 'bench-twilio-token',
  PLIVO_AUTH_TOKEN: 'bench-plivo-token',
}

/** Milliseconds spent importing `specifiers` in order, measured inside a fresh process (startup excluded). */
function importTime(specifiers: string[]): number {
  const script = `
    const t = performance.now()
    for (const s of ${JSON.stringify(specifiers)}) await import(s)
    process.stdout.write(String(performance.now() - t))
  `
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: functionDir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return Number(out)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const cases: Array<[string, string[]]> = [
  ['node:path (floor)', ['node:path']],
  ['@azure/functions alone', ['@azure/functions']],
  ['zod alone', ['zod']],
  ['@sms-notification/core alone', ['@sms-notification/core']],
  ['libphonenumber-js/max alone (inside the core)', [phoneMetadata]],
  ['function entry (cold start)', [entry]],
  ['entry + twilio webhooks (first Twilio request)', [entry, '@sms-notification/adapters-providers/twilio/webhooks']],
  ['entry + plivo webhooks (first Plivo request)', [entry, '@sms-notification/adapters-providers/plivo/webhooks']],
  ['full twilio SDK, for comparison', [twilioSdk]],
]

// Interleave the cases so machine noise spreads over all of them alike.
const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]))
for (let run = 0; run < RUNS; run++) {
  for (const [name, specifiers] of cases) samples.get(name)!.push(importTime(specifiers))
}

const medians = new Map([...samples].map(([name, values]) => [name, median(values)]))
const azure = medians.get('@azure/functions alone')!
console.log(`import time, median of ${RUNS} fresh processes (node ${process.version})`)
for (const [name] of cases) {
  const ms = medians.get(name)!
  console.log(`  ${name.padEnd(50)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / azure).toFixed(2)}x @azure/functions`)
}
console.log(`ratio entry / @azure/functions: ${(medians.get('function entry (cold start)')! / azure).toFixed(2)}`)
