import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

/** The seed's SmsConsent: one row per (venue, phone). VenueID has no foreign key (Venue is the monolith's). */
export function smsConsent(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await types
        .identity(db.schema.createTable('SmsConsent'), 'int', 'PK_SmsConsent')
        .addColumn('VenueID', 'integer', (c) => c.notNull())
        .addColumn('PhoneNumber', types.varchar(20), (c) => c.notNull())
        .addColumn('StatusID', 'integer', (c) => c.notNull())
        .addColumn('ConsentSourceID', 'integer')
        .addColumn('InitialConsentAt', types.instant)
        .addColumn('OptedOutAt', types.instant)
        .addColumn('OptedInAt', types.instant)
        .addColumn('CreatedAt', types.instant, (c) => c.notNull())
        .addColumn('UpdatedAt', types.instant, (c) => c.notNull())
        .addUniqueConstraint('UQ_SmsConsent_VenueID_PhoneNumber', ['VenueID', 'PhoneNumber'])
        .addForeignKeyConstraint('FK_SmsConsent_Statuses', ['StatusID'], 'SmsConsentStatuses', ['ID'])
        .addForeignKeyConstraint('FK_SmsConsent_ConsentSources', ['ConsentSourceID'], 'ConsentSources', ['ID'])
        .execute()
      await db.schema.createIndex('IX_SmsConsent_PhoneNumber').on('SmsConsent').column('PhoneNumber').execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('SmsConsent').execute()
    },
  }
}
