import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { withStatementCache } from './create-kysely-dialect.js'

describe('withStatementCache', () => {
  it('prepares each SQL string once and evicts the least recently used', () => {
    const raw = new BetterSqlite3(':memory:')
    let prepared = 0
    const original = raw.prepare.bind(raw)
    raw.prepare = ((sql: string) => {
      prepared++
      return original(sql)
    }) as typeof raw.prepare
    const db = withStatementCache(raw, 2)
    const a = db.prepare('select 1 as x')
    expect(db.prepare('select 1 as x')).toBe(a)
    db.prepare('select 2 as x')
    db.prepare('select 1 as x')
    db.prepare('select 3 as x') // evicts 'select 2'
    expect(prepared).toBe(3)
    db.prepare('select 1 as x')
    expect(prepared).toBe(3)
    db.prepare('select 2 as x')
    expect(prepared).toBe(4)
    db.close()
  })
})
