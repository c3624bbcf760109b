import type { ColumnType, Generated } from 'kysely'

/** An instant: a Date on PostgreSQL and SQL Server, ISO-8601 text on SQLite (see SqlValues). */
type Instant = ColumnType<Date | string, Date | string, Date | string>
type NullableInstant = ColumnType<Date | string | null, Date | string | null | undefined, Date | string | null>
/** Identity keys: int on every dialect, bigint (a string from pg and tedious) for the large tables. */
type IntIdentity = Generated<number>
type BigIdentity = ColumnType<string | number | bigint, never, never>

export interface LookupTable {
  ID: number
  Name: string
  IsActive: ColumnType<boolean | number, boolean | number | undefined, boolean | number>
  CreatedAt: ColumnType<Date | string, Date | string | undefined, Date | string>
}

export interface VenuePhoneNumbersTable {
  ID: IntIdentity
  VenueID: number
  PhoneNumber: string
  ProviderID: string
  ProviderNameID: number
  StatusID: number
  AssignedAt: Instant
  ReleasedAt: NullableInstant
  CreatedAt: Instant
  UpdatedAt: Instant
}

export interface SmsConsentTable {
  ID: IntIdentity
  VenueID: number
  PhoneNumber: string
  StatusID: number
  ConsentSourceID: number | null
  InitialConsentAt: NullableInstant
  OptedOutAt: NullableInstant
  OptedInAt: NullableInstant
  CreatedAt: Instant
  UpdatedAt: Instant
}

export interface SmsSendHistoryTable {
  ID: BigIdentity
  OrderID: string
  MessageType: string
  VenueID: number
  VenuePhoneNumberID: number | null
  CustomerID: string
  CustomerPhoneNumber: string
  Message: string | null
  ProviderNameID: number | null
  StatusID: number
  ProviderMessageID: string | null
  ErrorCode: string | null
  Segments: number | null
  Encoding: string | null
  DeliveryStatus: string | null
  DeliveryErrorCode: string | null
  DeliveryUpdatedAt: NullableInstant
  Attempts: number
  LeaseExpiresAt: NullableInstant
  DeadLetteredAt: NullableInstant
  CorrelationID: string | null
  /** Added by 0008_trace_context. */
  TraceParent: string | null
  CreatedAt: Instant
  UpdatedAt: Instant
}

export interface SmsConsentChangesTable {
  ID: BigIdentity
  VenueID: number
  PhoneNumber: string
  Action: string
  ConsentSourceID: number
  Disposition: string
  ProviderNameID: number | null
  ProviderMessageID: string | null
  CorrelationID: string | null
  /** Added by 0008_trace_context. */
  TraceParent: string | null
  OrderID: string | null
  Note: string | null
  OccurredAt: Instant
  RecordedAt: Instant
}

export interface SmsConsentOutboxTable {
  ID: BigIdentity
  EventID: string
  EventType: string
  VenueID: number
  PhoneNumber: string
  /** JSON text; PostgreSQL's jsonb column hands it back parsed. */
  Payload: ColumnType<unknown, string, string>
  Attempts: number
  NextAttemptAt: Instant
  LeaseExpiresAt: NullableInstant
  PublishedAt: NullableInstant
  LastErrorCode: string | null
  CreatedAt: Instant
}

export interface VenueNumberProvisioningTable {
  VenueID: number
  ProviderNameID: number
  Token: string
  LeaseExpiresAt: Instant
  CreatedAt: Instant
  UpdatedAt: Instant
}

/** Added by 0010_sender_pacing: the next free slot of each sender number. */
export interface SenderPacingTable {
  VenuePhoneNumberID: number
  NextSlotAt: Instant
}

export interface SmsDatabase {
  ProviderNames: LookupTable
  VenuePhoneNumberStatuses: LookupTable
  SmsConsentStatuses: LookupTable
  ConsentSources: LookupTable
  SmsSendHistoryStatuses: LookupTable
  VenuePhoneNumbers: VenuePhoneNumbersTable
  SmsConsent: SmsConsentTable
  SmsSendHistory: SmsSendHistoryTable
  SmsConsentChanges: SmsConsentChangesTable
  SmsConsentOutbox: SmsConsentOutboxTable
  VenueNumberProvisioning: VenueNumberProvisioningTable
  SenderPacing: SenderPacingTable
}
