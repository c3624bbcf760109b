import type { PersistenceFixture, PersistenceRepositories } from '@sms-notification/core/testing'
import type { SqlDatabase } from '../../src/index.js'

/** Builds the contract suites' fixture over a migrated database. */
export function sqlPersistenceFixture(
  database: SqlDatabase,
  options: {
    connect: () => Promise<PersistenceRepositories & { close(): Promise<void> }>
    close: () => Promise<void>
  },
): PersistenceFixture {
  return { ...database.repositories, backdoor: database.backdoor, connect: options.connect, close: options.close }
}

const BUSINESS_TABLES = [
  'SmsSendHistory',
  'SmsConsentChanges',
  'SmsConsentOutbox',
  'SmsConsent',
  'VenueNumberProvisioning',
  'VenuePhoneNumbers',
  'SenderPacing',
] as const

/**
 * Empties the business tables (children first), keeping the lookups and the migration record. DELETE, not
 * TRUNCATE: on these few rows it is several times faster on PostgreSQL.
 */
export async function emptyBusinessTables(database: SqlDatabase): Promise<void> {
  for (const table of BUSINESS_TABLES) await database.db.deleteFrom(table).execute()
}
