import { NETWORK_ERROR_CODES, field, flattenErrors } from './store-error-kind.js'
import type { StoreErrorClassification } from './store-error-kind.js'

const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57014', // query_canceled (statement timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection exceptions
])

// pg and pg-pool report these without a code.
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:is )?closed/i,
  /client has encountered a connection error/i,
]

export function classifyPostgresError(error: unknown): StoreErrorClassification {
  for (const candidate of flattenErrors(error)) {
    const code = field(candidate, 'code')
    if (code === '23505') return { kind: 'unique', code: 'pg_23505' }
    if (typeof code === 'string' && TRANSIENT_SQLSTATES.has(code)) return { kind: 'transient', code: `pg_${code}` }
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return { kind: 'transient', code }
  }
  for (const candidate of flattenErrors(error)) {
    const message = field(candidate, 'message')
    if (typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) {
      return { kind: 'transient', code: 'pg_connection' }
    }
  }
  return { kind: 'defect', code: 'pg_error' }
}
