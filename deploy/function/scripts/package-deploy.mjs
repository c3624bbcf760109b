#!/usr/bin/env node
// Produces `.deploy/`, a folder ready for zip deployment (`func azure functionapp publish` or
// `az functionapp deployment source config-zip`): host.json, package.json, dist and production
// node_modules. node_modules is hoisted (real folders, no symlinks) because zip deployment does not keep links.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..')
const root = join(packageDir, '..', '..')
const out = join(packageDir, '.deploy')
const quiet = { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' }

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options, env: { ...process.env, ...quiet, ...options.env } })
  if (result.error) throw result.error
  if (result.status !== 0) process.exit(result.status ?? 1)
}

run('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@sms-notification/function...', '--output-logs=errors-only'])
rmSync(out, { recursive: true, force: true })
run('pnpm', ['--filter', '@sms-notification/function', 'deploy', '--prod', '--node-linker', 'hoisted', out])
rmSync(join(out, 'pnpm-workspace.yaml'), { force: true })

// Smoke check: the entry and both providers' webhook modules load from the folder alone.
run(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    "await import('./dist/src/functions/webhooks.js'); await import('@sms-notification/adapters-providers/twilio/webhooks'); await import('@sms-notification/adapters-providers/plivo/webhooks')",
  ],
  {
    cwd: out,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: {
      WEBHOOK_PUBLIC_BASE_URL: 'https://smoke.test',
      SMS_SERVICE_URL: 'http://127.0.0.1:1',
      INTERNAL_API_TOKEN: 'smoke-check-token-0123456789',
      TWILIO_AUTH_TOKEN: 'smoke',
      PLIVO_AUTH_TOKEN: 'smoke',
    },
  },
)
console.log(`deployable folder ready: ${out}`)
