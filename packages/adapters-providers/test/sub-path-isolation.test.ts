import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))

// A fresh Node process imports one entry through the package's own exports map, then prints every CommonJS
// module it loaded (both SDKs are CommonJS, so they show up in the module cache).
const PROBE = `
const { default: Module } = await import('node:module')
await import(process.argv[1])
console.log(JSON.stringify(Object.keys(Module._cache).map((f) => f.replace(/^.*node_modules\\//, ''))))
`

function sdksLoadedBy(entry: string): { twilio: boolean; plivo: boolean; axios: boolean } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--conditions', 'source', '--input-type=module', '-e', PROBE, `@sms-notification/adapters-providers${entry}`],
    { cwd: PACKAGE_DIR, encoding: 'utf8' },
  )
  const loaded = JSON.parse(out) as string[]
  return {
    twilio: loaded.some((f) => f.startsWith('twilio/')),
    plivo: loaded.some((f) => f.startsWith('plivo/')),
    axios: loaded.some((f) => f.startsWith('axios/')),
  }
}

describe('sub-path exports load only their own SDK', () => {
  it('./twilio loads twilio and not plivo', () => {
    expect(sdksLoadedBy('/twilio')).toMatchObject({ twilio: true, plivo: false })
  })

  it('./plivo loads plivo (and its axios agent changes) and not twilio', () => {
    expect(sdksLoadedBy('/plivo')).toEqual({ twilio: false, plivo: true, axios: true })
  })

  it('the root entry, ./simulated and ./fake-provider-server load no SDK at all', () => {
    for (const entry of ['', '/simulated', '/fake-provider-server']) {
      expect({ entry, ...sdksLoadedBy(entry) }).toEqual({ entry, twilio: false, plivo: false, axios: false })
    }
  })
})
