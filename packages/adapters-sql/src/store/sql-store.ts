import type { Clock } from '@sms-notification/core'
import type { Kysely } from 'kysely'
import type { SqlDialectName } from '../dialects/sql-dialect-name.js'
import type { SqlValues } from '../dialects/sql-values.js'
import type { SmsDatabase } from '../schema/database-schema.js'
import type { ProviderRegistry } from './provider-registry.js'

/** What every repository shares: the database, its dialect, value conversions, the clock and provider ids. */
export interface SqlStore {
  db: Kysely<SmsDatabase>
  dialect: SqlDialectName
  values: SqlValues
  clock: Clock
  providers: ProviderRegistry
}
