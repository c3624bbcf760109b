import { describe, expect, it } from 'vitest'
import { storableTraceparent } from './storable-traceparent.js'

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

describe('storableTraceparent', () => {
  it('keeps a well-formed version-00 traceparent as it is', () => {
    expect(storableTraceparent(VALID)).toBe(VALID)
  })

  it('keeps the first 55 characters of a later version that appends fields', () => {
    expect(storableTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra`)).toBe(
      `01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`,
    )
  })

  it('stores nothing for what would not fit or is not a traceparent', () => {
    for (const value of [
      undefined,
      null,
      '',
      'tp-1',
      `|${'a'.repeat(32)}.${'b'.repeat(16)}.1.2.3.`, // a legacy hierarchical Request-Id
      `${VALID}-extra`, // version 00 has exactly four fields
      VALID.toUpperCase(),
      `ff${VALID.slice(2)}`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`,
      `01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x`,
    ]) {
      expect(storableTraceparent(value), String(value)).toBeNull()
    }
  })
})
