import type { InsertQueryBuilder, InsertResult, UpdateQueryBuilder, UpdateResult } from 'kysely'
import type { SqlDialectName } from '../dialects/sql-dialect-name.js'

/* Kysely builders differ per dialect in a few places: SQL Server has no LIMIT (TOP instead) and no RETURNING
 * (OUTPUT instead). These helpers keep the branching in one file. */

interface Limitable<Q> {
  limit(limit: number): Q
  top(top: number): Q
}

export function limitRows<Q extends Limitable<Q>>(dialect: SqlDialectName, query: Q, rows: number): Q {
  return dialect === 'mssql' ? query.top(rows) : query.limit(rows)
}

/** `RETURNING ID` / `OUTPUT inserted.ID`: the two builders type these differently, so the branch is untyped. */
export function returningId<DB, TB extends keyof DB & string>(
  dialect: SqlDialectName,
  query: InsertQueryBuilder<DB, TB, InsertResult>,
): InsertQueryBuilder<DB, TB, { ID: unknown }> {
  const untyped = query as unknown as { output(column: string): unknown; returning(column: string): unknown }
  return (dialect === 'mssql' ? untyped.output('inserted.ID') : untyped.returning('ID')) as InsertQueryBuilder<DB, TB, { ID: unknown }>
}

/** `RETURNING *` / `OUTPUT inserted.*` on an UPDATE, typed as the table's row. */
export function returningAllUpdated<DB, UT extends keyof DB & string, TB extends keyof DB & string, Row>(
  dialect: SqlDialectName,
  query: UpdateQueryBuilder<DB, UT, TB, UpdateResult>,
): UpdateQueryBuilder<DB, UT, TB, Row> {
  const untyped = query as unknown as { outputAll(table: 'inserted'): unknown; returningAll(): unknown }
  return (dialect === 'mssql' ? untyped.outputAll('inserted') : untyped.returningAll()) as UpdateQueryBuilder<DB, UT, TB, Row>
}
