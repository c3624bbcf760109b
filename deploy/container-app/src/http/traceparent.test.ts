import { describe, expect, it } from 'vitest'
import { parseTraceparent } from './traceparent.js'

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

describe('parseTraceparent', () => {
  it('keeps a valid version-00 header', () => {
    expect(parseTraceparent(VALID)).toBe(VALID)
    expect(parseTraceparent(` ${VALID} `)).toBe(VALID)
  })

  it('reads a later version as version 00, dropping its extra fields', () => {
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra')).toBe(VALID)
  })

  it.each([
    undefined,
    '',
    [VALID, VALID],
    `${VALID}-extra`,
    'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
  ])('rejects %j', (header) => {
    expect(parseTraceparent(header)).toBeUndefined()
  })
})
