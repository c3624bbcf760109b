import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'

/**
 * A relay leases an outbox entry only when no older unpublished entry exists for the same venue and phone
 * (per-phone order across relays). That check is a NOT EXISTS per candidate; this filtered index makes it one
 * seek over the unpublished entries of the key. VenueID and PhoneNumber have been NOT NULL columns of the
 * outbox since 0006 (copied from the event when it is enqueued), so there is nothing to backfill.
 */
export function outboxPhoneOrder(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('IX_SmsConsentOutbox_PendingKey')
        .on('SmsConsentOutbox')
        .columns(['VenueID', 'PhoneNumber', 'ID'])
        .where(sql.ref('PublishedAt'), 'is', null)
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('IX_SmsConsentOutbox_PendingKey').on('SmsConsentOutbox').execute()
    },
  }
}
