import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

/**
 * The next free send slot of each sender number, shared by every replica so a number is paced as a whole
 * (a US long code carries about one message per second). One row per sender, created on its first send.
 * No foreign key to VenuePhoneNumbers: a pacing row is disposable scheduling state, and a reservation must not
 * fail or take a lock on the number's row because of it.
 */
export function senderPacing(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('SenderPacing')
        .addColumn('VenuePhoneNumberID', 'integer', (c) => c.notNull())
        .addColumn('NextSlotAt', types.instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('PK_SenderPacing', ['VenuePhoneNumberID'])
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('SenderPacing').execute()
    },
  }
}
