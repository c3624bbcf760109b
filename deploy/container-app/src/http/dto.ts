import {
  CONSENT_SOURCES,
  DELIVERY_STATUSES,
  SEND_STATUSES,
  VENUE_NUMBER_STATUSES,
  type ConsentLogEntry,
  type ConsentRecord,
  type SendHistoryRecord,
  type VenuePhoneNumber,
} from '@sms-notification/core'
import { z } from 'zod'

// Response shapes: what the OpenAPI document shows and what the serializer checks. Dates leave as ISO strings.

const iso = (d: Date | null) => (d === null ? null : d.toISOString())
const isoField = z.iso.datetime().nullable()

export const errorSchema = z.object({
  statusCode: z.number().int(),
  code: z.string().describe('Stable error code, e.g. INVALID_REQUEST, UNAUTHENTICATED, NOT_FOUND'),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), in: z.string().optional(), message: z.string() })).optional(),
  correlationId: z.string().optional(),
})

export const consentSchema = z.object({
  venueId: z.number().int(),
  phoneNumber: z.string(),
  status: z.enum(['opted_in', 'opted_out']),
  source: z.enum(CONSENT_SOURCES).nullable(),
  initialConsentAt: isoField,
  optedInAt: isoField,
  optedOutAt: isoField,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})

export const toConsent = (r: ConsentRecord): z.output<typeof consentSchema> => ({
  venueId: r.venueId,
  phoneNumber: r.phoneNumber,
  status: r.status,
  source: r.source,
  initialConsentAt: iso(r.initialConsentAt),
  optedInAt: iso(r.optedInAt),
  optedOutAt: iso(r.optedOutAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
})

export const consentChangeSchema = z.object({
  id: z.string(),
  action: z.enum(['opt_in', 'opt_out']),
  source: z.enum(CONSENT_SOURCES),
  occurredAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  disposition: z.enum(['applied', 'superseded']),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  correlationId: z.string().nullable(),
})

export const toConsentChange = (e: ConsentLogEntry): z.output<typeof consentChangeSchema> => ({
  id: String(e.id),
  action: e.action,
  source: e.source,
  occurredAt: e.occurredAt.toISOString(),
  recordedAt: e.recordedAt.toISOString(),
  disposition: e.disposition,
  provider: e.evidence.provider ?? null,
  providerMessageId: e.evidence.providerMessageId ?? null,
  correlationId: e.evidence.correlationId ?? null,
})

export const historyItemSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  messageType: z.string(),
  venueId: z.number().int(),
  venuePhoneNumberId: z.number().int().nullable(),
  customerId: z.string(),
  customerPhoneNumber: z.string(),
  message: z.string().nullable(),
  provider: z.string().nullable(),
  status: z.enum(SEND_STATUSES),
  providerMessageId: z.string().nullable(),
  errorCode: z.string().nullable(),
  segments: z.number().int().nullable(),
  encoding: z.enum(['GSM-7', 'UCS-2']).nullable(),
  deliveryStatus: z.enum(DELIVERY_STATUSES).nullable(),
  deliveryErrorCode: z.string().nullable(),
  deliveryUpdatedAt: isoField,
  attempts: z.number().int(),
  correlationId: z.string().nullable(),
  deadLetteredAt: isoField,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})

export const toHistoryItem = (r: SendHistoryRecord): z.output<typeof historyItemSchema> => ({
  id: String(r.id),
  orderId: r.orderId,
  messageType: r.messageType,
  venueId: r.venueId,
  venuePhoneNumberId: r.venuePhoneNumberId,
  customerId: r.customerId,
  customerPhoneNumber: r.customerPhoneNumber,
  message: r.message,
  provider: r.provider,
  status: r.status,
  providerMessageId: r.providerMessageId,
  errorCode: r.errorCode,
  segments: r.segments,
  encoding: r.encoding,
  deliveryStatus: r.deliveryStatus,
  deliveryErrorCode: r.deliveryErrorCode,
  deliveryUpdatedAt: iso(r.deliveryUpdatedAt),
  attempts: r.attempts,
  correlationId: r.correlationId,
  deadLetteredAt: iso(r.deadLetteredAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
})

export const venueNumberSchema = z.object({
  id: z.number().int(),
  venueId: z.number().int(),
  phoneNumber: z.string(),
  provider: z.string(),
  providerId: z.string(),
  status: z.enum(VENUE_NUMBER_STATUSES),
  assignedAt: z.iso.datetime(),
  releasedAt: z.iso.datetime().optional().describe('Present once the number is released'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})

export const toVenueNumber = (n: VenuePhoneNumber): z.output<typeof venueNumberSchema> => ({
  id: n.id,
  venueId: n.venueId,
  phoneNumber: n.phoneNumber,
  provider: n.provider,
  providerId: n.providerId,
  status: n.status,
  assignedAt: n.assignedAt.toISOString(),
  ...(n.releasedAt ? { releasedAt: n.releasedAt.toISOString() } : {}),
  createdAt: n.createdAt.toISOString(),
  updatedAt: n.updatedAt.toISOString(),
})
