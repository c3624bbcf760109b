import { TransientStoreError, isTransientStoreError } from '@sms-notification/core'
import { describe, expect, it } from 'vitest'
import { runStoreOperation } from './run-store-operation.js'

describe('runStoreOperation', () => {
  it('throws a transient failure as TransientStoreError, without the driver message', async () => {
    const driverError = Object.assign(new Error('deadlock on row (7, +14155550100)'), { code: 'EREQUEST', number: 1205 })
    const failure = await runStoreOperation('mssql', 'history.claim', () => Promise.reject(driverError)).catch((e: unknown) => e)
    expect(isTransientStoreError(failure)).toBe(true)
    expect(failure).toBeInstanceOf(TransientStoreError)
    expect((failure as TransientStoreError).code).toBe('mssql_1205')
    expect((failure as Error).message).not.toContain('+1415')
    expect((failure as Error).cause).toBe(driverError)
  })

  it('lets defects through unchanged', async () => {
    const bug = Object.assign(new Error('relation does not exist'), { code: '42P01' })
    await expect(runStoreOperation('postgres', 'consent.get', () => Promise.reject(bug))).rejects.toBe(bug)
  })

  it('returns the result of a successful operation', async () => {
    await expect(runStoreOperation('sqlite', 'x', async () => 42)).resolves.toBe(42)
  })
})
