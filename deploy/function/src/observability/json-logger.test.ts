import { describe, expect, it } from 'vitest'
import { createJsonLogger } from './json-logger.js'

describe('createJsonLogger', () => {
  it('writes one JSON line per entry with bindings, and drops entries below the level', () => {
    const lines: string[] = []
    const logger = createJsonLogger({ level: 'info', write: (l) => lines.push(l) }).child({ invocationId: 'inv-1' })
    logger.debug({ a: 1 }, 'hidden')
    logger.warn({ provider: 'twilio' }, 'signature rejected')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', invocationId: 'inv-1', provider: 'twilio', msg: 'signature rejected' })
  })

  it('logs an error by name and code only, never its message', () => {
    const lines: string[] = []
    const logger = createJsonLogger({ level: 'debug', write: (l) => lines.push(l) })
    const error = Object.assign(new Error('upstream said: body text +14155550100'), { code: 'ECONNRESET' })
    logger.error({ err: error }, 'forward failed')
    expect(lines[0]).not.toContain('14155550100')
    expect(JSON.parse(lines[0]!).err).toEqual({ name: 'Error', code: 'ECONNRESET' })
  })

  it('is silent at level silent', () => {
    const lines: string[] = []
    createJsonLogger({ level: 'silent', write: (l) => lines.push(l) }).error({}, 'x')
    expect(lines).toEqual([])
  })
})
