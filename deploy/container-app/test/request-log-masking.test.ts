import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUBLIC_TOKEN, startTestRuntime, type TestRuntime } from './support/test-runtime.js'

// The number in each, digits only: none of these may appear in a log line, whatever separators surround them.
const CASES = [
  { url: '/api/consent/7/+1%20415%20555%200100', masked: '/api/consent/7/+1********00', digits: '4155550100' },
  { url: '/api/consent/7/+1-415-555-0101', masked: '/api/consent/7/+1********01', digits: '4155550101' },
  { url: '/api/consent/7/(415)%20555-0102', masked: '/api/consent/7/(41******02', digits: '4155550102' },
  { url: '/api/consent/7/%2B14155550103', masked: '/api/consent/7/%2B1********03', digits: '4155550103' },
]

describe('request log lines', () => {
  let t: TestRuntime
  beforeAll(async () => {
    t = await startTestRuntime()
  })
  afterAll(async () => {
    await t.close()
  })

  it.each(CASES)('mask $url in the url field and everywhere else on the line', async ({ url, masked, digits }) => {
    const before = t.logs.lines.length
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${PUBLIC_TOKEN}` } })
    expect(res.statusCode).toBeLessThan(500)
    const lines = t.logs.lines.slice(before)
    const completed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.msg === 'request completed')
    expect(completed).toMatchObject({ method: 'GET', url: masked, statusCode: res.statusCode })
    // Separators and URL-encoding removed, the number is still nowhere on any line.
    for (const line of lines) expect(line.replace(/%2[089B]|[\s().+-]/gi, '')).not.toContain(digits)
  })
})
