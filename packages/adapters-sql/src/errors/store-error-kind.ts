/**
 * What a driver error means to a repository: `unique` is an expected outcome (a claim lost, a duplicate),
 * `transient` may pass on retry (deadlock, serialization failure, lost connection, timeout), `defect` is a bug
 * or bad configuration.
 */
export type StoreErrorKind = 'unique' | 'transient' | 'defect'

export interface StoreErrorClassification {
  kind: StoreErrorKind
  /** A stable code for logs and metrics, e.g. `pg_40P01`, `mssql_1205`, `SQLITE_BUSY`. */
  code: string
}

/** Node's socket-level failures, which every driver lets through when the server goes away. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
])

/** Driver errors can be wrapped: AggregateError (tedious, Node's net), arrays, or `cause` chains. */
export function flattenErrors(error: unknown): unknown[] {
  const seen = new Set<unknown>()
  const out: unknown[] = []
  const visit = (value: unknown, depth: number) => {
    if (value == null || seen.has(value) || depth > 5) return
    seen.add(value)
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1)
      return
    }
    out.push(value)
    if (typeof value === 'object') {
      const record = value as { errors?: unknown; cause?: unknown }
      if (Array.isArray(record.errors)) for (const item of record.errors) visit(item, depth + 1)
      if (record.cause !== undefined) visit(record.cause, depth + 1)
    }
  }
  visit(error, 0)
  return out
}

export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined
}
