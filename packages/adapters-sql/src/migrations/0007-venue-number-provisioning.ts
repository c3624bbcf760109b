import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

/**
 * Provisioning claims: the primary key (VenueID, ProviderNameID) lets exactly one worker buy a venue's number;
 * the lease lets another take over when the holder died, and the token stops a stale holder finishing it.
 */
export function venueNumberProvisioning(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('VenueNumberProvisioning')
        .addColumn('VenueID', 'integer', (c) => c.notNull())
        .addColumn('ProviderNameID', 'integer', (c) => c.notNull())
        .addColumn('Token', types.varchar(64), (c) => c.notNull())
        .addColumn('LeaseExpiresAt', types.instant, (c) => c.notNull())
        .addColumn('CreatedAt', types.instant, (c) => c.notNull())
        .addColumn('UpdatedAt', types.instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('PK_VenueNumberProvisioning', ['VenueID', 'ProviderNameID'])
        .addForeignKeyConstraint('FK_VenueNumberProvisioning_ProviderNames', ['ProviderNameID'], 'ProviderNames', ['ID'])
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('VenueNumberProvisioning').execute()
    },
  }
}
