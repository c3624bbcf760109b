import { InvalidCursorError, TransientStoreError, decodeHistoryCursor, encodeHistoryCursor } from '@sms-notification/core'
import type {
  DeliveryReport,
  DeliveryStatus,
  HistoryPage,
  HistoryQuery,
  SendClaim,
  SendClaimRequest,
  SendCompletion,
  SendHistoryRecord,
  SendHistoryRepository,
} from '@sms-notification/core'
import { SEND_STATUS_IDS, nameOfId } from '../schema/lookup-ids.js'
import type { Selectable } from 'kysely'
import type { SmsDatabase, SmsSendHistoryTable } from '../schema/database-schema.js'
import { limitRows, returningAllUpdated, returningId } from '../store/dialect-queries.js'
import { isUniqueViolation, runStoreOperation } from '../store/run-store-operation.js'
import type { SqlStore } from '../store/sql-store.js'
import { selectHistory, toHistoryRecord } from './history-rows.js'
import { storableTraceparent } from './storable-traceparent.js'

const ROW_ID = /^\d{1,18}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MAX_CLAIM_ROUNDS = 5
const MAX_PAGE = 200
const FINAL_DELIVERY_STATUSES: DeliveryStatus[] = ['delivered', 'undelivered', 'failed']

/**
 * Send history and the send claim in one table. The claim is the unique (OrderID, MessageType) index: the
 * first INSERT wins; everyone else reads the row and either waits (live lease), acknowledges (final outcome)
 * or takes it over with an UPDATE guarded by the Attempts it read, so two takers cannot both win.
 */
export class KyselySendHistoryRepository implements SendHistoryRepository {
  constructor(private readonly store: SqlStore) {}

  claim(request: SendClaimRequest): Promise<SendClaim> {
    return runStoreOperation(this.store.dialect, 'history.claim', async () => {
      const { db, values, dialect } = this.store
      const orderId = values.uuid(request.orderId)
      const traceParent = storableTraceparent(request.traceparent)
      for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
        const now = this.store.clock.now()
        const leaseExpiresAt = values.date(new Date(now.getTime() + request.leaseMs))
        try {
          const inserted = await returningId(
            dialect,
            db.insertInto('SmsSendHistory').values({
              OrderID: orderId,
              MessageType: request.messageType,
              VenueID: request.venueId,
              CustomerID: values.uuid(request.customerId),
              CustomerPhoneNumber: request.customerPhoneNumber,
              StatusID: SEND_STATUS_IDS.pending,
              Attempts: 1,
              LeaseExpiresAt: leaseExpiresAt,
              CorrelationID: request.correlationId,
              TraceParent: traceParent,
              CreatedAt: values.date(now),
              UpdatedAt: values.date(now),
            }),
          ).executeTakeFirstOrThrow()
          return { kind: 'claimed', historyId: values.readId(inserted.ID), attempts: 1, takenOver: false }
        } catch (error) {
          if (!isUniqueViolation(dialect, error)) throw error
        }
        const row = await db
          .selectFrom('SmsSendHistory')
          .select(['ID', 'StatusID', 'Attempts', 'LeaseExpiresAt', 'DeadLetteredAt'])
          .where('OrderID', '=', orderId)
          .where('MessageType', '=', request.messageType)
          .executeTakeFirst()
        if (!row) continue
        const status = nameOfId(SEND_STATUS_IDS, values.readInt(row.StatusID))
        const lease = values.readOptionalDate(row.LeaseExpiresAt)
        const leaseLive = lease !== null && lease.getTime() > now.getTime()
        if (status === 'pending' && leaseLive) return { kind: 'in-progress', leaseExpiresAt: lease }
        const replay = status === 'failed' && row.DeadLetteredAt != null
        if (status !== 'pending' && !replay) {
          const record = await this.#find(values.readId(row.ID))
          if (record) return { kind: 'done', record }
          continue
        }
        const attempts = values.readInt(row.Attempts) + 1
        const taken = await db
          .updateTable('SmsSendHistory')
          .set({
            StatusID: SEND_STATUS_IDS.pending,
            Attempts: attempts,
            LeaseExpiresAt: leaseExpiresAt,
            DeadLetteredAt: null,
            // The row now belongs to this message's run, so it carries this message's correlation and trace.
            CorrelationID: request.correlationId,
            TraceParent: traceParent,
            UpdatedAt: values.date(now),
          })
          .where('ID', '=', row.ID as never)
          .where('StatusID', '=', row.StatusID)
          .where('Attempts', '=', row.Attempts)
          .executeTakeFirst()
        if (Number(taken.numUpdatedRows) === 1) {
          // A replay of a dead-lettered send is a new run, not a takeover of a dead worker's claim.
          return { kind: 'claimed', historyId: values.readId(row.ID), attempts, takenOver: !replay }
        }
      }
      throw new TransientStoreError('claim_contention', 'history.claim lost every round to other workers')
    })
  }

  complete(historyId: string, completion: SendCompletion): Promise<SendHistoryRecord> {
    return runStoreOperation(this.store.dialect, 'history.complete', async () => {
      const { values, dialect } = this.store
      const providerId = completion.provider ? await this.store.providers.require(completion.provider) : null
      const now = this.store.clock.now()
      // Sender, message, provider, segments and encoding keep what an earlier step stored when the completion
      // leaves them out; the provider message id and error code always describe this outcome only.
      let update = this.store.db
        .updateTable('SmsSendHistory')
        .set((eb) => ({
          StatusID: SEND_STATUS_IDS[completion.status],
          VenuePhoneNumberID: completion.venuePhoneNumberId ?? eb.ref('VenuePhoneNumberID'),
          Message: completion.message ?? eb.ref('Message'),
          ProviderNameID: providerId ?? eb.ref('ProviderNameID'),
          ProviderMessageID: completion.providerMessageId ?? null,
          ErrorCode: completion.errorCode ?? null,
          Segments: completion.segments ?? eb.ref('Segments'),
          Encoding: completion.encoding ?? eb.ref('Encoding'),
          LeaseExpiresAt: null,
          DeadLetteredAt: completion.deadLettered ? values.date(now) : null,
          UpdatedAt: values.date(now),
        }))
        .where('ID', '=', historyId as never)
      const fence = completion.claimAttempts
      // The fence is in the UPDATE's WHERE, not a read before it: a worker whose claim was taken over between
      // its read and its write still cannot overwrite the new holder's row.
      if (fence !== undefined) update = update.where('StatusID', '=', SEND_STATUS_IDS.pending).where('Attempts', '=', fence)
      const row = ROW_ID.test(historyId)
        ? await returningAllUpdated<SmsDatabase, 'SmsSendHistory', 'SmsSendHistory', Selectable<SmsSendHistoryTable>>(
            dialect,
            update,
          ).executeTakeFirst()
        : undefined
      // The updated row comes back with the statement, so completing a send is one round trip.
      const record = row
        ? toHistoryRecord(this.store, {
            ...row,
            ProviderName: row.ProviderNameID == null ? null : await this.store.providers.nameOf(values.readInt(row.ProviderNameID)),
          })
        : fence !== undefined
          ? // Fenced out: another worker holds (or finished) the claim; its row is returned as it is.
            await this.#find(historyId)
          : null
      if (!record) throw new Error(`send history row ${historyId} does not exist`)
      return record
    })
  }

  release(historyId: string, errorCode: string | null, claimAttempts?: number): Promise<void> {
    return runStoreOperation(this.store.dialect, 'history.release', async () => {
      if (!ROW_ID.test(historyId)) return
      const now = this.store.values.date(this.store.clock.now())
      // A lease that ends now lets the redelivered message take the claim at once. With claimAttempts, only
      // the claim's own holder may end it: a worker taken over must not cut the new holder's lease short.
      const update = this.store.db
        .updateTable('SmsSendHistory')
        .set({ LeaseExpiresAt: now, ErrorCode: errorCode, UpdatedAt: now })
        .where('ID', '=', historyId as never)
        .where('StatusID', '=', SEND_STATUS_IDS.pending)
      await (claimAttempts === undefined ? update : update.where('Attempts', '=', claimAttempts)).execute()
    })
  }

  getById(id: string): Promise<SendHistoryRecord | null> {
    return runStoreOperation(this.store.dialect, 'history.getById', () => this.#find(id))
  }

  query(query: HistoryQuery): Promise<HistoryPage> {
    return runStoreOperation(this.store.dialect, 'history.query', async () => {
      const { db, values, dialect } = this.store
      const cursor = query.cursor ? decodeHistoryCursor(query.cursor) : null
      // The core's cursor carries any id; this store's ids are bigint, so anything else cannot be ours.
      if (cursor && !ROW_ID.test(cursor.id)) throw new InvalidCursorError()
      if (query.orderId !== undefined && !UUID.test(query.orderId)) return { items: [], nextCursor: null }
      const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(query.limit)))
      let select = selectHistory(db)
      if (query.venueId !== undefined) select = select.where('h.VenueID', '=', query.venueId)
      if (query.phoneNumber !== undefined) select = select.where('h.CustomerPhoneNumber', '=', query.phoneNumber)
      if (query.orderId !== undefined) select = select.where('h.OrderID', '=', values.uuid(query.orderId))
      if (query.status !== undefined) select = select.where('h.StatusID', '=', SEND_STATUS_IDS[query.status])
      if (query.from !== undefined) select = select.where('h.CreatedAt', '>=', values.date(query.from))
      // Half-open [from, to): consecutive ranges never count a row twice.
      if (query.to !== undefined) select = select.where('h.CreatedAt', '<', values.date(query.to))
      if (cursor) {
        const at = values.date(cursor.createdAt)
        const id = (dialect === 'sqlite' ? Number(cursor.id) : cursor.id) as never
        // A row-value comparison is one index range on PostgreSQL and SQLite; SQL Server has no row values.
        select =
          dialect === 'mssql'
            ? select.where((eb) => eb.or([eb('h.CreatedAt', '<', at), eb.and([eb('h.CreatedAt', '=', at), eb('h.ID', '<', id)])]))
            : select.where((eb) => eb(eb.refTuple('h.CreatedAt', 'h.ID'), '<', eb.tuple(at, id)))
      }
      const rows = await limitRows(dialect, select.orderBy('h.CreatedAt', 'desc').orderBy('h.ID', 'desc'), limit + 1).execute()
      const items = rows.slice(0, limit).map((row) => toHistoryRecord(this.store, row))
      const last = items.at(-1)
      const nextCursor = rows.length > limit && last ? encodeHistoryCursor({ createdAt: last.createdAt, id: last.id }) : null
      return { items, nextCursor }
    })
  }

  applyDeliveryReport(report: DeliveryReport): Promise<SendHistoryRecord | null> {
    return runStoreOperation(this.store.dialect, 'history.applyDeliveryReport', async () => {
      const { db, values, dialect } = this.store
      const providerId = await this.store.providers.find(report.provider)
      if (providerId === null) return null
      const row = await limitRows(
        dialect,
        db
          .selectFrom('SmsSendHistory')
          .select('ID')
          .where('ProviderMessageID', '=', report.providerMessageId)
          .where('ProviderNameID', '=', providerId)
          .orderBy('ID', 'desc'),
        1,
      ).executeTakeFirst()
      if (!row) return null
      const occurredAt = values.date(report.occurredAt)
      const inFlight = !FINAL_DELIVERY_STATUSES.includes(report.status)
      // The core's deliveryReportApplies, as a guard on the UPDATE so it also holds when two reports race:
      // never older than the stored report, never from a final status back to queued/sent.
      await db
        .updateTable('SmsSendHistory')
        .set({
          DeliveryStatus: report.status,
          DeliveryErrorCode: report.errorCode,
          DeliveryUpdatedAt: occurredAt,
          UpdatedAt: values.date(this.store.clock.now()),
        })
        .where('ID', '=', row.ID as never)
        .where((eb) => eb.or([eb('DeliveryUpdatedAt', 'is', null), eb('DeliveryUpdatedAt', '<=', occurredAt)]))
        .$if(inFlight, (q) =>
          q.where((eb) => eb.or([eb('DeliveryStatus', 'is', null), eb('DeliveryStatus', 'not in', FINAL_DELIVERY_STATUSES)])),
        )
        .execute()
      return this.#find(values.readId(row.ID))
    })
  }

  async #find(id: string): Promise<SendHistoryRecord | null> {
    if (!ROW_ID.test(id)) return null
    const row = await selectHistory(this.store.db)
      .where('h.ID', '=', id as never)
      .executeTakeFirst()
    return row ? toHistoryRecord(this.store, row) : null
  }
}
