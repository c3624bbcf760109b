import { Kysely, MssqlAdapter, MssqlIntrospector, MssqlQueryCompiler } from 'kysely'
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely'
import type { Clock } from '@sms-notification/core'
import { openSqlDatabase } from '../../src/index.js'
import type { SmsDatabase, SqlDatabase } from '../../src/index.js'

export interface RecordedStatement {
  sql: string
  parameters: readonly unknown[]
}

/** Answers one statement: rows and affected-row count, or an error the driver would throw. */
export type Responder = (statement: RecordedStatement) => { rows?: unknown[]; affected?: number } | Error | undefined

/**
 * SQL Server's query compiler and adapter over a driver that never connects: it records every statement
 * (transactions as BEGIN/COMMIT/ROLLBACK markers, which tedious sends as TDS requests) and answers from a
 * responder. Proves the T-SQL the repositories and migrations produce without a server.
 */
export function recordingMssqlDatabase(responder: Responder, clock?: Clock): { database: SqlDatabase; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = []
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const statement = { sql: query.sql, parameters: query.parameters }
      statements.push(statement)
      const answer = responder(statement)
      if (answer instanceof Error) throw answer
      return { rows: (answer?.rows ?? []) as R[], numAffectedRows: BigInt(answer?.affected ?? answer?.rows?.length ?? 0) }
    },
    // biome-ignore lint/correctness/useYield: the driver interface needs a generator; this one never yields
    async *streamQuery() {
      throw new Error('not supported')
    },
  }
  const marker = (sql: string) => async () => {
    statements.push({ sql, parameters: [] })
  }
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: marker('BEGIN TRANSACTION'),
    commitTransaction: marker('COMMIT TRANSACTION'),
    rollbackTransaction: marker('ROLLBACK TRANSACTION'),
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  }
  const dialect: Dialect = {
    createAdapter: () => new MssqlAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new MssqlIntrospector(db),
    createQueryCompiler: () => new MssqlQueryCompiler(),
  }
  const database = openSqlDatabase(new Kysely<SmsDatabase>({ dialect }), 'mssql', clock ? { clock } : {})
  return { database, statements }
}

/** An error shaped like tedious's RequestError for a unique-key violation. */
export function mssqlUniqueViolation(): Error {
  return Object.assign(new Error('Violation of UNIQUE KEY constraint'), { code: 'EREQUEST', number: 2627, state: 1, class: 14 })
}
