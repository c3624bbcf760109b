import { field, flattenErrors } from './store-error-kind.js'
import type { StoreErrorClassification } from './store-error-kind.js'

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'])

export function classifySqliteError(error: unknown): StoreErrorClassification {
  for (const candidate of flattenErrors(error)) {
    const code = field(candidate, 'code')
    if (typeof code !== 'string') continue
    if (UNIQUE_CODES.has(code)) return { kind: 'unique', code }
    // BUSY (another process holds the write lock past busy_timeout) and LOCKED (shared cache) pass on retry.
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { kind: 'transient', code }
  }
  return { kind: 'defect', code: 'sqlite_error' }
}
