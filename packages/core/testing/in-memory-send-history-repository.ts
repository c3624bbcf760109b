import type { Clock } from '../src/ports/clock.js'
import {
  deliveryReportApplies,
  type DeliveryReport,
  type HistoryPage,
  type HistoryQuery,
  type SendClaim,
  type SendClaimRequest,
  type SendCompletion,
  type SendHistoryRecord,
  type SendHistoryRepository,
} from '../src/ports/send-history-repository.js'
import { decodeHistoryCursor, encodeHistoryCursor } from '../src/sending/history-cursor.js'

export interface InMemoryHistoryRow extends SendHistoryRecord {
  leaseExpiresAt: Date | null
}

/** Ids are numeric strings, as a bigint identity would give. */
export class InMemorySendHistoryRepository implements SendHistoryRepository {
  readonly rows = new Map<string, InMemoryHistoryRow>()
  readonly #byClaimKey = new Map<string, InMemoryHistoryRow>()
  #nextId = 1

  constructor(private readonly clock: Clock) {}

  async claim(request: SendClaimRequest): Promise<SendClaim> {
    const now = this.clock.now()
    const claimKey = `${request.orderId}|${request.messageType}`
    const existing = this.#byClaimKey.get(claimKey)
    if (!existing) {
      const id = String(this.#nextId++)
      const row: InMemoryHistoryRow = {
        id,
        orderId: request.orderId,
        messageType: request.messageType,
        venueId: request.venueId,
        venuePhoneNumberId: null,
        customerId: request.customerId,
        customerPhoneNumber: request.customerPhoneNumber,
        message: null,
        provider: null,
        status: 'pending',
        providerMessageId: null,
        errorCode: null,
        segments: null,
        encoding: null,
        deliveryStatus: null,
        deliveryErrorCode: null,
        deliveryUpdatedAt: null,
        attempts: 1,
        correlationId: request.correlationId,
        traceparent: request.traceparent ?? null,
        deadLetteredAt: null,
        createdAt: now,
        updatedAt: now,
        leaseExpiresAt: new Date(now.getTime() + request.leaseMs),
      }
      this.rows.set(id, row)
      this.#byClaimKey.set(claimKey, row)
      return { kind: 'claimed', historyId: id, attempts: 1, takenOver: false }
    }
    const expired =
      existing.status === 'pending' && (existing.leaseExpiresAt === null || existing.leaseExpiresAt.getTime() <= now.getTime())
    const replayable = existing.status === 'failed' && existing.deadLetteredAt !== null
    if (expired || replayable) {
      existing.status = 'pending'
      existing.attempts += 1
      existing.leaseExpiresAt = new Date(now.getTime() + request.leaseMs)
      existing.deadLetteredAt = null
      existing.updatedAt = now
      return { kind: 'claimed', historyId: existing.id, attempts: existing.attempts, takenOver: expired }
    }
    if (existing.status === 'pending') return { kind: 'in-progress', leaseExpiresAt: existing.leaseExpiresAt! }
    return { kind: 'done', record: strip(existing) }
  }

  async complete(historyId: string, c: SendCompletion): Promise<SendHistoryRecord> {
    const row = this.rows.get(historyId)
    if (!row) throw new Error(`no history row ${historyId}`)
    if (c.claimAttempts !== undefined && (row.attempts !== c.claimAttempts || row.status !== 'pending')) return strip(row)
    Object.assign(row, {
      status: c.status,
      venuePhoneNumberId: c.venuePhoneNumberId ?? row.venuePhoneNumberId,
      message: c.message ?? row.message,
      provider: c.provider ?? row.provider,
      providerMessageId: c.providerMessageId ?? null,
      errorCode: c.errorCode ?? null,
      segments: c.segments ?? row.segments,
      encoding: c.encoding ?? row.encoding,
      deadLetteredAt: c.deadLettered ? this.clock.now() : null,
      leaseExpiresAt: null,
      updatedAt: this.clock.now(),
    })
    return strip(row)
  }

  async release(historyId: string, errorCode: string | null, claimAttempts?: number): Promise<void> {
    const row = this.rows.get(historyId)
    if (row?.status !== 'pending') return
    if (claimAttempts !== undefined && row.attempts !== claimAttempts) return
    row.leaseExpiresAt = this.clock.now()
    row.errorCode = errorCode
    row.updatedAt = this.clock.now()
  }

  async getById(id: string): Promise<SendHistoryRecord | null> {
    const row = this.rows.get(id)
    return row ? strip(row) : null
  }

  async query(q: HistoryQuery): Promise<HistoryPage> {
    const after = q.cursor ? decodeHistoryCursor(q.cursor) : null
    const matches = [...this.rows.values()]
      .filter(
        (r) =>
          (q.venueId === undefined || r.venueId === q.venueId) &&
          (q.phoneNumber === undefined || r.customerPhoneNumber === q.phoneNumber) &&
          (q.orderId === undefined || r.orderId === q.orderId) &&
          (q.status === undefined || r.status === q.status) &&
          (q.from === undefined || r.createdAt.getTime() >= q.from.getTime()) &&
          (q.to === undefined || r.createdAt.getTime() < q.to.getTime()),
      )
      .sort(newestFirst)
      .filter((r) => !after || newestFirst(r, { createdAt: after.createdAt, id: after.id }) > 0)
    const items = matches.slice(0, q.limit)
    const last = items[items.length - 1]
    return {
      items: items.map(strip),
      nextCursor: matches.length > q.limit && last ? encodeHistoryCursor({ createdAt: last.createdAt, id: last.id }) : null,
    }
  }

  async applyDeliveryReport(report: DeliveryReport): Promise<SendHistoryRecord | null> {
    const row = [...this.rows.values()].find((r) => r.provider === report.provider && r.providerMessageId === report.providerMessageId)
    if (!row) return null
    if (!deliveryReportApplies(row, report)) return strip(row)
    row.deliveryStatus = report.status
    row.deliveryErrorCode = report.errorCode
    row.deliveryUpdatedAt = report.occurredAt
    row.updatedAt = this.clock.now()
    return strip(row)
  }
}

/** Orders (createdAt desc, id desc) with numeric ids compared as numbers. */
function newestFirst(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  const t = b.createdAt.getTime() - a.createdAt.getTime()
  if (t !== 0) return t
  return Number(b.id) - Number(a.id)
}

function strip(row: InMemoryHistoryRow): SendHistoryRecord {
  const { leaseExpiresAt: _lease, ...record } = row
  return { ...record }
}
