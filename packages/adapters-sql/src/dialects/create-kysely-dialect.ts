import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { MssqlDialect, PostgresDialect, SqliteDialect } from 'kysely'
import type { Dialect, SqliteDatabase } from 'kysely'
import pg from 'pg'
import * as Tarn from 'tarn'
import * as Tedious from 'tedious'
import type { DatabaseConfig } from '../database-url.js'
import { tediousConnectionConfig, tediousForKysely } from './mssql-tedious.js'

export interface DialectOptions {
  /** Largest connection pool (PostgreSQL, SQL Server). */
  poolMax: number
  /** SQLite: how long a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs: number
  /**
   * Called with errors a pooled connection emits outside a query (a server restart, a killed session), which
   * would otherwise be an uncaught exception. The query in flight still rejects on its own.
   */
  onConnectionError: (error: Error) => void
}

export interface CreatedDialect {
  dialect: Dialect
  /** Closes what kysely does not own (nothing today; kept so callers need not know). */
  close?: () => Promise<void>
}

export function createKyselyDialect(config: DatabaseConfig, options: DialectOptions): CreatedDialect {
  switch (config.dialect) {
    case 'sqlite':
      return { dialect: new SqliteDialect({ database: withStatementCache(openSqlite(config.filename, options.busyTimeoutMs)) }) }
    case 'postgres': {
      const pool = new pg.Pool({
        connectionString: config.connectionString,
        max: options.poolMax,
        ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
      })
      pool.on('error', options.onConnectionError)
      // pg-pool listens only to idle clients: a client checked out when its socket ends would crash the process.
      pool.on('connect', (client) => client.on('error', options.onConnectionError))
      return { dialect: new PostgresDialect({ pool }) }
    }
    case 'mssql': {
      const connectionConfig = tediousConnectionConfig(config)
      return {
        dialect: new MssqlDialect({
          tarn: { ...Tarn, options: { min: 0, max: options.poolMax, acquireTimeoutMillis: config.connectTimeoutMs } },
          tedious: tediousForKysely(() => {
            const connection = new Tedious.Connection(connectionConfig)
            connection.on('error', options.onConnectionError)
            return connection
          }),
        }),
      }
    }
  }
}

function openSqlite(filename: string, busyTimeoutMs: number): BetterSqlite3.Database {
  const inMemory = filename === ':memory:'
  if (!inMemory) mkdirSync(dirname(filename), { recursive: true })
  const database = new BetterSqlite3(filename, { timeout: busyTimeoutMs })
  // WAL lets readers (another process, a CLI) work while the service writes.
  if (!inMemory) database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
  return database
}

/**
 * Kysely prepares every query anew; with better-sqlite3 preparing costs more than running a point query. The
 * repositories issue a small fixed set of SQL strings, so their statements are kept (least recently used out).
 * Safe because nothing here streams: a statement is never still iterating when it is handed out again.
 */
export function withStatementCache(database: BetterSqlite3.Database, size = 256): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (statement) {
        statements.delete(sql)
      } else {
        statement = database.prepare(sql)
        if (statements.size >= size) statements.delete(statements.keys().next().value!)
      }
      statements.set(sql, statement)
      return statement
    },
  }
}
