import type { ConsentRecord } from '@sms-notification/core'
import { sql } from 'kysely'
import type { Kysely, Selectable } from 'kysely'
import type { SmsConsentTable, SmsDatabase } from '../schema/database-schema.js'
import { CONSENT_SOURCE_IDS, CONSENT_STATUS_IDS, nameOfId } from '../schema/lookup-ids.js'
import type { SqlStore } from '../store/sql-store.js'

export type ConsentRow = Selectable<SmsConsentTable>

export function toConsentRecord(store: SqlStore, row: ConsentRow): ConsentRecord {
  const { values } = store
  return {
    venueId: values.readInt(row.VenueID),
    phoneNumber: row.PhoneNumber,
    status: nameOfId(CONSENT_STATUS_IDS, values.readInt(row.StatusID)),
    source: row.ConsentSourceID == null ? null : nameOfId(CONSENT_SOURCE_IDS, values.readInt(row.ConsentSourceID)),
    initialConsentAt: values.readOptionalDate(row.InitialConsentAt),
    optedInAt: values.readOptionalDate(row.OptedInAt),
    optedOutAt: values.readOptionalDate(row.OptedOutAt),
    createdAt: values.readDate(row.CreatedAt),
    updatedAt: values.readDate(row.UpdatedAt),
  }
}

/** The record's columns, as written by both the insert and the update. */
export function consentColumns(store: SqlStore, record: ConsentRecord) {
  const { values } = store
  return {
    StatusID: CONSENT_STATUS_IDS[record.status],
    ConsentSourceID: record.source === null ? null : CONSENT_SOURCE_IDS[record.source],
    InitialConsentAt: values.optionalDate(record.initialConsentAt),
    OptedInAt: values.optionalDate(record.optedInAt),
    OptedOutAt: values.optionalDate(record.optedOutAt),
    UpdatedAt: values.date(record.updatedAt),
  }
}

/**
 * Reads the consent row and locks its key until the transaction ends, including a key that has no row yet:
 * PostgreSQL locks an existing row (FOR UPDATE; a racing first insert loses on the unique key and the caller
 * retries), SQL Server takes a key-range update lock (UPDLOCK, HOLDLOCK), and SQLite already holds the write
 * lock (BEGIN IMMEDIATE).
 */
export async function lockConsentRow(
  store: SqlStore,
  trx: Kysely<SmsDatabase>,
  venueId: number,
  phoneNumber: string,
): Promise<ConsentRow | undefined> {
  if (store.dialect === 'mssql') {
    const result =
      await sql<ConsentRow>`select * from SmsConsent with (updlock, holdlock) where VenueID = ${venueId} and PhoneNumber = ${phoneNumber}`.execute(
        trx,
      )
    return result.rows[0]
  }
  const query = trx.selectFrom('SmsConsent').selectAll().where('VenueID', '=', venueId).where('PhoneNumber', '=', phoneNumber)
  return (store.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst()
}
