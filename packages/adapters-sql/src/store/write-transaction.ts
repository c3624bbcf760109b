import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { SmsDatabase } from '../schema/database-schema.js'
import type { SqlStore } from './sql-store.js'

/**
 * A read-then-write transaction. SQLite gets BEGIN IMMEDIATE, which takes the write lock before the read, so
 * two processes on one file cannot both read the old state (a deferred BEGIN would fail one with SQLITE_BUSY
 * at its first write instead). PostgreSQL and SQL Server lock the rows they read explicitly (see callers).
 */
export async function writeTransaction<T>(store: SqlStore, body: (trx: Kysely<SmsDatabase>) => Promise<T>): Promise<T> {
  if (store.dialect !== 'sqlite') return store.db.transaction().execute(body)
  return store.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection)
    try {
      const result = await body(connection)
      await sql`commit`.execute(connection)
      return result
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined)
      throw error
    }
  })
}
