import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Each entry is imported in a fresh Node process, which then lists the CommonJS modules it loaded.
const PROBE = `
const { default: Module } = await import('node:module')
await import(process.argv[1])
console.log(JSON.stringify(Object.keys(Module._cache).map((f) => f.replace(/^.*node_modules\\//, ''))))
`

function modulesLoadedBy(specifier: string): string[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions', 'source', '--input-type=module', '-e', PROBE, specifier], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  })
  return JSON.parse(out) as string[]
}

const REST_CLIENT = /^(twilio\/lib\/rest\/|plivo\/dist\/rest\/|axios\/)/

describe('webhook entries load signature helpers only', () => {
  it('twilio/webhooks loads neither the Twilio REST client nor Plivo', () => {
    const loaded = modulesLoadedBy(fileURLToPath(new URL('../twilio/webhooks.ts', import.meta.url)))
    expect(loaded).toContain('twilio/lib/webhooks/webhooks.js')
    expect(loaded.filter((f) => REST_CLIENT.test(f) || f.startsWith('plivo/'))).toEqual([])
  })

  it('plivo/webhooks loads neither the Plivo REST client nor Twilio', () => {
    const loaded = modulesLoadedBy(fileURLToPath(new URL('../plivo/webhooks.ts', import.meta.url)))
    expect(loaded).toContain('plivo/dist/utils/v3Security.js')
    expect(loaded.filter((f) => REST_CLIENT.test(f) || f.startsWith('twilio/'))).toEqual([])
  })

  it('the probe does see a REST client when one is loaded', () => {
    expect(modulesLoadedBy('twilio').some((f) => REST_CLIENT.test(f))).toBe(true)
  })
})
