import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

/**
 * The seed's SmsSendHistory, which is also the send claim: unique (OrderID, MessageType) makes a send
 * idempotent, and a `pending` row with a lease marks a send in progress. Sender, message and provider are
 * nullable because skipped rows never had one. The keyset indexes end in (CreatedAt, ID) so newest-first pages
 * read straight off the index.
 */
export function smsSendHistory(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await types
        .identity(db.schema.createTable('SmsSendHistory'), 'bigint', 'PK_SmsSendHistory')
        .addColumn('OrderID', types.uuid, (c) => c.notNull())
        .addColumn('MessageType', types.varchar(50), (c) => c.notNull())
        .addColumn('VenueID', 'integer', (c) => c.notNull())
        .addColumn('VenuePhoneNumberID', 'integer')
        .addColumn('CustomerID', types.uuid, (c) => c.notNull())
        .addColumn('CustomerPhoneNumber', types.varchar(20), (c) => c.notNull())
        .addColumn('Message', types.unicodeText(1600))
        .addColumn('ProviderNameID', 'integer')
        .addColumn('StatusID', 'integer', (c) => c.notNull())
        .addColumn('ProviderMessageID', types.varchar(100))
        .addColumn('ErrorCode', types.varchar(50))
        .addColumn('Segments', 'integer')
        .addColumn('Encoding', types.varchar(10))
        .addColumn('DeliveryStatus', types.varchar(20))
        .addColumn('DeliveryErrorCode', types.varchar(50))
        .addColumn('DeliveryUpdatedAt', types.instant)
        .addColumn('Attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('LeaseExpiresAt', types.instant)
        .addColumn('DeadLetteredAt', types.instant)
        .addColumn('CorrelationID', types.varchar(100))
        .addColumn('CreatedAt', types.instant, (c) => c.notNull())
        .addColumn('UpdatedAt', types.instant, (c) => c.notNull())
        .addUniqueConstraint('UQ_SmsSendHistory_OrderID_MessageType', ['OrderID', 'MessageType'])
        .addForeignKeyConstraint('FK_SmsSendHistory_VenuePhoneNumbers', ['VenuePhoneNumberID'], 'VenuePhoneNumbers', ['ID'])
        .addForeignKeyConstraint('FK_SmsSendHistory_ProviderNames', ['ProviderNameID'], 'ProviderNames', ['ID'])
        .addForeignKeyConstraint('FK_SmsSendHistory_Statuses', ['StatusID'], 'SmsSendHistoryStatuses', ['ID'])
        .execute()
      const index = (name: string, columns: string[]) => db.schema.createIndex(name).on('SmsSendHistory').columns(columns).execute()
      await index('IX_SmsSendHistory_VenueID_CreatedAt', ['VenueID', 'CreatedAt', 'ID'])
      await index('IX_SmsSendHistory_CustomerPhoneNumber_VenueID', ['CustomerPhoneNumber', 'VenueID', 'CreatedAt', 'ID'])
      await index('IX_SmsSendHistory_CreatedAt', ['CreatedAt', 'ID'])
      await db.schema
        .createIndex('IX_SmsSendHistory_ProviderMessageID')
        .on('SmsSendHistory')
        .columns(['ProviderMessageID', 'ProviderNameID'])
        .where('ProviderMessageID', 'is not', null)
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('SmsSendHistory').execute()
    },
  }
}
