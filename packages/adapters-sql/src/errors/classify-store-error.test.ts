import { describe, expect, it } from 'vitest'
import { classifyStoreError } from './classify-store-error.js'

/** Errors built the way each driver builds them: pg's DatabaseError fields, tedious's RequestError, SqliteError. */
const pgError = (code: string) => Object.assign(new Error('pg'), { code, severity: 'ERROR' })
const tediousRequestError = (number: number) => Object.assign(new Error('tedious'), { code: 'EREQUEST', number, state: 1, class: 16 })
const sqliteError = (code: string) => Object.assign(new Error('sqlite'), { name: 'SqliteError', code })

describe('classifyStoreError: postgres', () => {
  it.each([
    ['23505', 'unique'],
    ['40P01', 'transient'],
    ['40001', 'transient'],
    ['57P01', 'transient'],
    ['08006', 'transient'],
    ['53300', 'transient'],
    ['23503', 'defect'],
    ['42P01', 'defect'],
  ])('SQLSTATE %s is %s', (code, kind) => {
    expect(classifyStoreError('postgres', pgError(code)).kind).toBe(kind)
  })

  it('treats socket errors and pg connection messages as transient', () => {
    expect(
      classifyStoreError('postgres', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toEqual({ kind: 'transient', code: 'ECONNREFUSED' })
    expect(classifyStoreError('postgres', new Error('Connection terminated unexpectedly')).kind).toBe('transient')
    expect(classifyStoreError('postgres', new Error('timeout exceeded when trying to connect')).kind).toBe('transient')
  })

  it('looks inside AggregateError (Node reports ECONNREFUSED for IPv4 and IPv6 together)', () => {
    const aggregate = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'connect failed')
    expect(classifyStoreError('postgres', aggregate).kind).toBe('transient')
  })

  it('reports a stable code', () => {
    expect(classifyStoreError('postgres', pgError('40P01'))).toEqual({ kind: 'transient', code: 'pg_40P01' })
  })
})

describe('classifyStoreError: mssql', () => {
  it.each([
    [2601, 'unique'],
    [2627, 'unique'],
    [1205, 'transient'],
    [1222, 'transient'],
    [40613, 'transient'],
    [40501, 'transient'],
    [547, 'defect'],
    [208, 'defect'],
  ])('error number %s is %s', (number, kind) => {
    expect(classifyStoreError('mssql', tediousRequestError(number)).kind).toBe(kind)
  })

  it('unwraps errors that arrive as an array or an AggregateError', () => {
    expect(classifyStoreError('mssql', [new Error('first'), tediousRequestError(2627)])).toEqual({ kind: 'unique', code: 'mssql_2627' })
    expect(classifyStoreError('mssql', new AggregateError([new Error('x'), tediousRequestError(1205)]))).toEqual({
      kind: 'transient',
      code: 'mssql_1205',
    })
  })

  it('prefers the unique violation when a batch reports it with other messages', () => {
    expect(classifyStoreError('mssql', new AggregateError([tediousRequestError(3621), tediousRequestError(2627)])).kind).toBe('unique')
  })

  it('treats tedious connection failures, causes and pool timeouts as transient', () => {
    expect(classifyStoreError('mssql', Object.assign(new Error('Connection lost'), { code: 'ESOCKET' })).kind).toBe('transient')
    expect(classifyStoreError('mssql', Object.assign(new Error('Timeout'), { code: 'ETIMEOUT' })).kind).toBe('transient')
    expect(classifyStoreError('mssql', new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })).kind).toBe(
      'transient',
    )
    expect(classifyStoreError('mssql', Object.assign(new Error('acquire'), { name: 'TimeoutError' })).kind).toBe('transient')
    expect(classifyStoreError('mssql', Object.assign(new Error('Login failed'), { code: 'ELOGIN' })).kind).toBe('defect')
  })
})

describe('classifyStoreError: sqlite', () => {
  it.each([
    ['SQLITE_CONSTRAINT_UNIQUE', 'unique'],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 'unique'],
    ['SQLITE_BUSY', 'transient'],
    ['SQLITE_BUSY_SNAPSHOT', 'transient'],
    ['SQLITE_LOCKED', 'transient'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'defect'],
    ['SQLITE_ERROR', 'defect'],
  ])('%s is %s', (code, kind) => {
    expect(classifyStoreError('sqlite', sqliteError(code)).kind).toBe(kind)
  })

  it('does not mistake another dialect error for one of its own', () => {
    expect(classifyStoreError('sqlite', pgError('23505')).kind).toBe('defect')
    expect(classifyStoreError('postgres', sqliteError('SQLITE_BUSY')).kind).toBe('defect')
  })
})
