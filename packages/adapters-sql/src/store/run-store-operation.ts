import { TransientStoreError } from '@sms-notification/core'
import { classifyStoreError } from '../errors/classify-store-error.js'
import type { SqlDialectName } from '../dialects/sql-dialect-name.js'

/**
 * Runs a repository operation and turns a transient database failure into the core's TransientStoreError,
 * which the orchestrator retries. The message names the operation and the code only: driver messages can
 * carry stored values such as phone numbers.
 */
export async function runStoreOperation<T>(dialect: SqlDialectName, operation: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body()
  } catch (error) {
    if (error instanceof TransientStoreError) throw error
    const classification = classifyStoreError(dialect, error)
    if (classification.kind === 'transient') {
      throw new TransientStoreError(classification.code, `${operation} failed transiently (${classification.code})`, { cause: error })
    }
    throw error
  }
}

export function isUniqueViolation(dialect: SqlDialectName, error: unknown): boolean {
  return classifyStoreError(dialect, error).kind === 'unique'
}
