import type { SqlStore } from '../store/sql-store.js'

/**
 * Raw reads of stored state that bypass the repositories (the contract suites' backdoor, and handy for
 * operations scripts). Shaped like `PersistenceBackdoor` from `@sms-notification/core/testing`.
 */
export class KyselyPersistenceBackdoor {
  constructor(private readonly store: SqlStore) {}

  async consentRow(venueId: number, phoneNumber: string) {
    const row = await this.store.db
      .selectFrom('SmsConsent as c')
      .innerJoin('SmsConsentStatuses as s', 's.ID', 'c.StatusID')
      .leftJoin('ConsentSources as src', 'src.ID', 'c.ConsentSourceID')
      .select(['s.Name as status', 'src.Name as source', 'c.InitialConsentAt', 'c.OptedInAt', 'c.OptedOutAt'])
      .where('c.VenueID', '=', venueId)
      .where('c.PhoneNumber', '=', phoneNumber)
      .executeTakeFirst()
    if (!row) return null
    const { values } = this.store
    return {
      status: row.status,
      source: row.source,
      initialConsentAt: values.readOptionalDate(row.InitialConsentAt),
      optedInAt: values.readOptionalDate(row.OptedInAt),
      optedOutAt: values.readOptionalDate(row.OptedOutAt),
    }
  }

  async consentLog(venueId: number, phoneNumber: string) {
    const rows = await this.store.db
      .selectFrom('SmsConsentChanges as c')
      .innerJoin('ConsentSources as src', 'src.ID', 'c.ConsentSourceID')
      .select(['c.Action as action', 'src.Name as source', 'c.Disposition as disposition', 'c.ProviderMessageID as providerMessageId'])
      .where('c.VenueID', '=', venueId)
      .where('c.PhoneNumber', '=', phoneNumber)
      .orderBy('c.ID', 'asc')
      .execute()
    return rows
  }

  async outboxRows() {
    const rows = await this.store.db
      .selectFrom('SmsConsentOutbox')
      .select(['ID', 'EventType', 'VenueID', 'PhoneNumber', 'PublishedAt'])
      .orderBy('ID', 'asc')
      .execute()
    return rows.map((row) => ({
      id: this.store.values.readId(row.ID),
      type: row.EventType,
      venueId: this.store.values.readInt(row.VenueID),
      phoneNumber: row.PhoneNumber,
      published: row.PublishedAt != null,
    }))
  }

  async historyRows(orderId: string) {
    const rows = await this.store.db
      .selectFrom('SmsSendHistory as h')
      .innerJoin('SmsSendHistoryStatuses as s', 's.ID', 'h.StatusID')
      .select(['h.ID', 'h.MessageType', 's.Name as status', 'h.Attempts', 'h.ErrorCode'])
      .where('h.OrderID', '=', this.store.values.uuid(orderId))
      .orderBy('h.ID', 'asc')
      .execute()
    return rows.map((row) => ({
      id: this.store.values.readId(row.ID),
      messageType: row.MessageType,
      status: row.status,
      attempts: this.store.values.readInt(row.Attempts),
      errorCode: row.ErrorCode,
    }))
  }

  async venueNumbers(venueId: number) {
    const rows = await this.store.db
      .selectFrom('VenuePhoneNumbers as n')
      .innerJoin('ProviderNames as p', 'p.ID', 'n.ProviderNameID')
      .innerJoin('VenuePhoneNumberStatuses as s', 's.ID', 'n.StatusID')
      .select(['n.ID', 'n.PhoneNumber', 'p.Name as provider', 's.Name as status'])
      .where('n.VenueID', '=', venueId)
      .orderBy('n.ID', 'asc')
      .execute()
    return rows.map((row) => ({
      id: this.store.values.readInt(row.ID),
      phoneNumber: row.PhoneNumber,
      provider: row.provider,
      status: row.status,
    }))
  }
}
