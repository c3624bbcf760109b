import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

/**
 * Transactional outbox for `sms-optout` events: written in the consent change's transaction, drained by a
 * relay that leases rows. The filtered index covers exactly the rows a relay looks for.
 */
export function smsConsentOutbox(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await types
        .identity(db.schema.createTable('SmsConsentOutbox'), 'bigint', 'PK_SmsConsentOutbox')
        .addColumn('EventID', types.varchar(64), (c) => c.notNull())
        .addColumn('EventType', types.varchar(30), (c) => c.notNull())
        .addColumn('VenueID', 'integer', (c) => c.notNull())
        .addColumn('PhoneNumber', types.varchar(20), (c) => c.notNull())
        .addColumn('Payload', types.json, (c) => c.notNull())
        .addColumn('Attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('NextAttemptAt', types.instant, (c) => c.notNull())
        .addColumn('LeaseExpiresAt', types.instant)
        .addColumn('PublishedAt', types.instant)
        .addColumn('LastErrorCode', types.varchar(50))
        .addColumn('CreatedAt', types.instant, (c) => c.notNull())
        .addUniqueConstraint('UQ_SmsConsentOutbox_EventID', ['EventID'])
        .execute()
      await db.schema
        .createIndex('IX_SmsConsentOutbox_Pending')
        .on('SmsConsentOutbox')
        .columns(['NextAttemptAt', 'ID'])
        .where(sql.ref('PublishedAt'), 'is', null)
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('SmsConsentOutbox').execute()
    },
  }
}
