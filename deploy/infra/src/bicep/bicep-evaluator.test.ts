import { describe, expect, it } from 'vitest'
import { BicepEvaluationError, evaluate, type BicepValue } from './bicep-evaluator.js'
import { parseBicepExpression } from './bicep-parser.js'

const run = (source: string, names: Record<string, BicepValue> = {}) => evaluate(parseBicepExpression(source), (n) => names[n])

describe('evaluate', () => {
  it('interpolates strings and converts with string()', () => {
    expect(run(`'mssql://\${host}/\${db}?port=\${string(port)}'`, { host: 'h', db: 'd', port: 1433 })).toBe('mssql://h/d?port=1433')
  })

  it('evaluates conditions, equality, boolean operators and the functions the templates use', () => {
    const names = { p: 'twilio', f: '' }
    expect(run(`p == 'twilio' || f == 'twilio'`, names)).toBe(true)
    expect(run(`empty(f) ? [p] : [p, f]`, names)).toEqual(['twilio'])
    expect(run(`concat([1], [], [2, 3])`)).toEqual([1, 2, 3])
    expect(run(`contains(['a', 'b'], 'b')`)).toBe(true)
    expect(run(`take('abcdef', 3)`)).toBe('abc')
    expect(run(`replace('a-b-c', '-', '')`)).toBe('abc')
    expect(run(`json('0.5')`)).toBe(0.5)
    expect(run(`!(1 == 2) && 45 * 1000 > 20000`)).toBe(true)
  })

  it('builds objects and arrays, and runs for loops', () => {
    expect(run(`{ name: 'A', value: x }`, { x: '1' })).toEqual({ name: 'A', value: '1' })
    expect(run(`[for i in items: { id: i }]`, { items: ['a', 'b'] })).toEqual([{ id: 'a' }, { id: 'b' }])
  })

  it('reads member paths as stand-ins first, then from objects', () => {
    expect(run(`sql.outputs.serverFqdn`, { 'sql.outputs.serverFqdn': 's.database.windows.net' })).toBe('s.database.windows.net')
    expect(run(`cfg.a.b`, { cfg: { a: { b: 7 } } })).toBe(7)
    expect(run(`subscription().tenantId`, { 'subscription()': { tenantId: 't' } })).toBe('t')
  })

  it('refuses to guess an unknown name or function', () => {
    expect(() => run(`missing`)).toThrow(BicepEvaluationError)
    expect(() => run(`uniqueString('x')`)).toThrow(/uniqueString/)
    expect(() => run(`1 == 1 ? 'a' : nope`)).not.toThrow()
  })
})
