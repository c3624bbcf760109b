import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

/**
 * Append-only consent change log: every change with its source, evidence and whether it was applied or
 * superseded. The filtered unique (provider, provider message id) turns a provider's webhook retry into a
 * duplicate even when two replicas race.
 */
export function smsConsentChanges(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await types
        .identity(db.schema.createTable('SmsConsentChanges'), 'bigint', 'PK_SmsConsentChanges')
        .addColumn('VenueID', 'integer', (c) => c.notNull())
        .addColumn('PhoneNumber', types.varchar(20), (c) => c.notNull())
        .addColumn('Action', types.varchar(10), (c) => c.notNull())
        .addColumn('ConsentSourceID', 'integer', (c) => c.notNull())
        .addColumn('Disposition', types.varchar(12), (c) => c.notNull())
        .addColumn('ProviderNameID', 'integer')
        .addColumn('ProviderMessageID', types.varchar(100))
        .addColumn('CorrelationID', types.varchar(100))
        .addColumn('OrderID', types.varchar(64))
        .addColumn('Note', types.unicodeText(500))
        .addColumn('OccurredAt', types.instant, (c) => c.notNull())
        .addColumn('RecordedAt', types.instant, (c) => c.notNull())
        .addForeignKeyConstraint('FK_SmsConsentChanges_ConsentSources', ['ConsentSourceID'], 'ConsentSources', ['ID'])
        .addForeignKeyConstraint('FK_SmsConsentChanges_ProviderNames', ['ProviderNameID'], 'ProviderNames', ['ID'])
        .execute()
      await db.schema
        .createIndex('IX_SmsConsentChanges_VenueID_PhoneNumber')
        .on('SmsConsentChanges')
        .columns(['VenueID', 'PhoneNumber', 'ID'])
        .execute()
      await db.schema
        .createIndex('UX_SmsConsentChanges_ProviderMessage')
        .on('SmsConsentChanges')
        .unique()
        .columns(['ProviderNameID', 'ProviderMessageID'])
        .where(sql.ref('ProviderNameID'), 'is not', null)
        .where(sql.ref('ProviderMessageID'), 'is not', null)
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('SmsConsentChanges').execute()
    },
  }
}
