import type { SqlDialectName } from '../dialects/sql-dialect-name.js'
import { classifyMssqlError } from './classify-mssql-error.js'
import { classifyPostgresError } from './classify-postgres-error.js'
import { classifySqliteError } from './classify-sqlite-error.js'
import type { StoreErrorClassification } from './store-error-kind.js'

const CLASSIFIERS: Record<SqlDialectName, (error: unknown) => StoreErrorClassification> = {
  sqlite: classifySqliteError,
  postgres: classifyPostgresError,
  mssql: classifyMssqlError,
}

export function classifyStoreError(dialect: SqlDialectName, error: unknown): StoreErrorClassification {
  return CLASSIFIERS[dialect](error)
}
