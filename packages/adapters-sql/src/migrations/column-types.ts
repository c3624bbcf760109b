import { sql } from 'kysely'
import type { ColumnDataType, ColumnDefinitionBuilder, CreateTableBuilder, Expression } from 'kysely'

type DataTypeExpression = ColumnDataType | Expression<unknown>
import type { SqlDialectName } from '../dialects/sql-dialect-name.js'

type ColumnBuilderCallback = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder

/**
 * The seed's SQL Server types and their faithful equivalents on PostgreSQL and SQLite, in one place so every
 * migration says `types.instant` instead of branching on the dialect.
 */
export interface ColumnTypes {
  dialect: SqlDialectName
  /** datetime2(7) / timestamptz / ISO-8601 text. */
  instant: DataTypeExpression
  /** uniqueidentifier / uuid / text. */
  uuid: DataTypeExpression
  /** bit / boolean / integer. */
  bool: DataTypeExpression
  boolTrue: Expression<unknown>
  /** The database's current UTC instant, for column defaults. */
  nowUtc: Expression<unknown>
  varchar(length: number): DataTypeExpression
  /** Unicode text: nvarchar on SQL Server, whose varchar cannot hold UCS-2 messages under the default collation. */
  unicodeText(length: number): DataTypeExpression
  json: DataTypeExpression
  /** Adds an identity primary key column named ID. */
  identity<T extends CreateTableBuilder<string, never>>(table: T, kind: 'int' | 'bigint', constraintName: string): T
}

export function columnTypes(dialect: SqlDialectName): ColumnTypes {
  const byDialect = <V>(values: Record<SqlDialectName, V>): V => values[dialect]
  return {
    dialect,
    instant: byDialect<DataTypeExpression>({ mssql: sql`datetime2(7)`, postgres: 'timestamptz', sqlite: 'text' }),
    uuid: byDialect<DataTypeExpression>({ mssql: sql`uniqueidentifier`, postgres: 'uuid', sqlite: 'text' }),
    bool: byDialect<DataTypeExpression>({ mssql: sql`bit`, postgres: 'boolean', sqlite: 'integer' }),
    boolTrue: byDialect({ mssql: sql`1`, postgres: sql`true`, sqlite: sql`1` }),
    nowUtc: byDialect({
      mssql: sql`sysutcdatetime()`,
      postgres: sql`now()`,
      sqlite: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    }),
    varchar: (length) => `varchar(${length})`,
    unicodeText: (length) => (dialect === 'mssql' ? sql`nvarchar(${sql.raw(String(length))})` : `varchar(${length})`),
    json: byDialect<DataTypeExpression>({ mssql: sql`nvarchar(max)`, postgres: 'jsonb', sqlite: 'text' }),
    identity(table, kind, constraintName) {
      // SQLite only makes a rowid alias (and AUTOINCREMENT, which never reuses ids) of a column typed exactly
      // `integer` with a column-level primary key.
      if (dialect === 'sqlite') {
        return table.addColumn('ID', 'integer', (c) => c.primaryKey().autoIncrement().notNull()) as typeof table
      }
      const build: ColumnBuilderCallback =
        dialect === 'mssql' ? (c) => c.identity().notNull() : (c) => c.generatedAlwaysAsIdentity().notNull()
      return table
        .addColumn('ID', kind === 'int' ? 'integer' : 'bigint', build)
        .addPrimaryKeyConstraint(constraintName, ['ID' as never]) as typeof table
    },
  }
}
