import type { DeliveryStatus, Encoding, SendHistoryRecord } from '@sms-notification/core'
import type { Kysely, Selectable } from 'kysely'
import type { SmsDatabase, SmsSendHistoryTable } from '../schema/database-schema.js'
import { SEND_STATUS_IDS, nameOfId } from '../schema/lookup-ids.js'
import type { SqlStore } from '../store/sql-store.js'

export type HistoryRow = Selectable<SmsSendHistoryTable> & { ProviderName: string | null }

/** History rows with their provider's name. */
export function selectHistory(db: Kysely<SmsDatabase>) {
  return db
    .selectFrom('SmsSendHistory as h')
    .leftJoin('ProviderNames as p', 'p.ID', 'h.ProviderNameID')
    .selectAll('h')
    .select('p.Name as ProviderName')
}

export function toHistoryRecord(store: SqlStore, row: HistoryRow): SendHistoryRecord {
  const { values } = store
  return {
    id: values.readId(row.ID),
    orderId: values.readUuid(row.OrderID),
    messageType: row.MessageType,
    venueId: values.readInt(row.VenueID),
    venuePhoneNumberId: row.VenuePhoneNumberID == null ? null : values.readInt(row.VenuePhoneNumberID),
    customerId: values.readUuid(row.CustomerID),
    customerPhoneNumber: row.CustomerPhoneNumber,
    message: row.Message,
    provider: row.ProviderName,
    status: nameOfId(SEND_STATUS_IDS, values.readInt(row.StatusID)),
    providerMessageId: row.ProviderMessageID,
    errorCode: row.ErrorCode,
    segments: row.Segments == null ? null : values.readInt(row.Segments),
    encoding: row.Encoding as Encoding | null,
    deliveryStatus: row.DeliveryStatus as DeliveryStatus | null,
    deliveryErrorCode: row.DeliveryErrorCode,
    deliveryUpdatedAt: values.readOptionalDate(row.DeliveryUpdatedAt),
    attempts: values.readInt(row.Attempts),
    correlationId: row.CorrelationID,
    traceparent: row.TraceParent ?? null,
    deadLetteredAt: values.readOptionalDate(row.DeadLetteredAt),
    createdAt: values.readDate(row.CreatedAt),
    updatedAt: values.readDate(row.UpdatedAt),
  }
}
