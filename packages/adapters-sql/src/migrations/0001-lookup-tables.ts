import type { Kysely, Migration } from 'kysely'
import { CONSENT_SOURCE_IDS, CONSENT_STATUS_IDS, SEEDED_PROVIDERS, SEND_STATUS_IDS, VENUE_NUMBER_STATUS_IDS } from '../schema/lookup-ids.js'
import type { ColumnTypes } from './column-types.js'

const LOOKUPS: Array<{ table: string; nameLength: number; rows: Record<string, number> }> = [
  { table: 'ProviderNames', nameLength: 50, rows: SEEDED_PROVIDERS },
  { table: 'VenuePhoneNumberStatuses', nameLength: 50, rows: VENUE_NUMBER_STATUS_IDS },
  { table: 'SmsConsentStatuses', nameLength: 50, rows: CONSENT_STATUS_IDS },
  { table: 'ConsentSources', nameLength: 50, rows: CONSENT_SOURCE_IDS },
  { table: 'SmsSendHistoryStatuses', nameLength: 30, rows: SEND_STATUS_IDS },
]

/** The seed's five enumeration tables with their rows (plus the rows the core adds). */
export function lookupTables(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      for (const lookup of LOOKUPS) {
        await db.schema
          .createTable(lookup.table)
          .addColumn('ID', 'integer', (c) => c.notNull())
          .addColumn('Name', types.varchar(lookup.nameLength), (c) => c.notNull())
          .addColumn('IsActive', types.bool, (c) => c.notNull().defaultTo(types.boolTrue))
          .addColumn('CreatedAt', types.instant, (c) => c.notNull().defaultTo(types.nowUtc))
          .addPrimaryKeyConstraint(`PK_${lookup.table}`, ['ID'])
          .addUniqueConstraint(`UQ_${lookup.table}_Name`, ['Name'])
          .execute()
        await db
          .insertInto(lookup.table)
          .values(Object.entries(lookup.rows).map(([Name, ID]) => ({ ID, Name })))
          .execute()
      }
    },
    async down(db: Kysely<any>) {
      for (const lookup of [...LOOKUPS].reverse()) await db.schema.dropTable(lookup.table).execute()
    },
  }
}
