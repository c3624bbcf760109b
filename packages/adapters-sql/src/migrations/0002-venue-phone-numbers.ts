import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import { VENUE_NUMBER_STATUS_IDS } from '../schema/lookup-ids.js'
import type { ColumnTypes } from './column-types.js'

/**
 * The seed's VenuePhoneNumbers. VenueID has no foreign key: Venue lives in the monolith's database.
 * Two filtered unique indexes enforce the port's rules in the store: one active number per (venue, provider),
 * and a sender number active for one venue only.
 */
export function venuePhoneNumbers(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await types
        .identity(db.schema.createTable('VenuePhoneNumbers'), 'int', 'PK_VenuePhoneNumbers')
        .addColumn('VenueID', 'integer', (c) => c.notNull())
        .addColumn('PhoneNumber', types.varchar(20), (c) => c.notNull())
        .addColumn('ProviderID', types.varchar(100), (c) => c.notNull())
        .addColumn('ProviderNameID', 'integer', (c) => c.notNull())
        .addColumn('StatusID', 'integer', (c) => c.notNull())
        .addColumn('AssignedAt', types.instant, (c) => c.notNull())
        .addColumn('ReleasedAt', types.instant)
        .addColumn('CreatedAt', types.instant, (c) => c.notNull())
        .addColumn('UpdatedAt', types.instant, (c) => c.notNull())
        .addForeignKeyConstraint('FK_VenuePhoneNumbers_ProviderNames', ['ProviderNameID'], 'ProviderNames', ['ID'])
        .addForeignKeyConstraint('FK_VenuePhoneNumbers_Statuses', ['StatusID'], 'VenuePhoneNumberStatuses', ['ID'])
        .execute()
      await db.schema
        .createIndex('UX_VenuePhoneNumbers_VenueID_ProviderNameID_Active')
        .on('VenuePhoneNumbers')
        .unique()
        .columns(['VenueID', 'ProviderNameID'])
        .where(sql.ref('StatusID'), '=', VENUE_NUMBER_STATUS_IDS.active)
        .execute()
      await db.schema
        .createIndex('UX_VenuePhoneNumbers_PhoneNumber_Active')
        .on('VenuePhoneNumbers')
        .unique()
        .column('PhoneNumber')
        .where(sql.ref('StatusID'), '=', VENUE_NUMBER_STATUS_IDS.active)
        .execute()
      await db.schema.createIndex('IX_VenuePhoneNumbers_PhoneNumber').on('VenuePhoneNumbers').column('PhoneNumber').execute()
      await db.schema.createIndex('IX_VenuePhoneNumbers_VenueID').on('VenuePhoneNumbers').columns(['VenueID', 'ProviderNameID']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('VenuePhoneNumbers').execute()
    },
  }
}
