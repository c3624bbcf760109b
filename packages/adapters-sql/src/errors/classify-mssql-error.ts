import { NETWORK_ERROR_CODES, field, flattenErrors } from './store-error-kind.js'
import type { StoreErrorClassification } from './store-error-kind.js'

const UNIQUE_NUMBERS = new Set([2601, 2627])

// Deadlock, lock timeout, and Azure SQL's documented transient errors (throttling, failover, reconfiguration).
const TRANSIENT_NUMBERS = new Set([
  1205, 1222, -2, 20, 64, 233, 4060, 4221, 10053, 10054, 10060, 10928, 10929, 40143, 40197, 40501, 40540, 40613, 42108, 42109, 49918, 49919,
  49920,
])

// tedious ConnectionError / RequestError codes for a lost or timed-out connection.
const TRANSIENT_CODES = new Set(['ESOCKET', 'ETIMEOUT', 'ECLOSE', 'ECONNCLOSED', 'EINVALIDSTATE', 'ENOTOPEN', 'ECANCEL'])

export function classifyMssqlError(error: unknown): StoreErrorClassification {
  const candidates = flattenErrors(error)
  for (const candidate of candidates) {
    const number = field(candidate, 'number')
    if (typeof number === 'number' && UNIQUE_NUMBERS.has(number)) return { kind: 'unique', code: `mssql_${number}` }
  }
  for (const candidate of candidates) {
    const number = field(candidate, 'number')
    if (typeof number === 'number' && TRANSIENT_NUMBERS.has(number)) return { kind: 'transient', code: `mssql_${number}` }
    const code = field(candidate, 'code')
    if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || NETWORK_ERROR_CODES.has(code))) {
      return { kind: 'transient', code: `mssql_${code}` }
    }
    // tarn rejects with a TimeoutError when no connection could be acquired in time.
    if (field(candidate, 'name') === 'TimeoutError') return { kind: 'transient', code: 'mssql_pool_timeout' }
  }
  return { kind: 'defect', code: 'mssql_error' }
}
