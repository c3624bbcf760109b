import type { z } from 'zod'
import type { MessageTypeTemplates } from '../templates/template-config.js'

/** What the orchestrator needs from any event, whatever its message type. */
export interface SmsRequest {
  orderId: string
  venueId: number
  customerId: string
  /** E.164. */
  phoneNumber: string
  /** When the customer acted (used for checkout consent). */
  occurredAt: Date
  locale?: string
  /** The checkout checkbox: record checkout consent when none exists. */
  smsOptIn?: boolean
  /** Skip and acknowledge: the order was cancelled before the SMS went out. */
  cancelled: boolean
  /** Values for the template's placeholders. */
  templateData: Record<string, string | number | null | undefined>
}

/**
 * A registered message type: its transport name, its schema, its template and how its events map to a send.
 * Idempotency is one SMS per (orderId, `messageType`): two types for the same order are two sends.
 */
export interface MessageTypeDefinition<E = unknown> {
  /** Name on the wire (Service Bus `subject`), e.g. `SendOrderConfirmationSms`. */
  name: string
  /** Key of its template and of its history rows, e.g. `order_confirmation`. */
  messageType: string
  /** Builds the schema; `defaultRegion` reads phone numbers without a country code. */
  schema(defaultRegion: string): z.ZodType<E>
  toRequest(event: E): SmsRequest
  /** Its template, declared fields and locale overrides; venues' overrides come from configuration. */
  template: MessageTypeTemplates
}

/** The fields every order-based event maps the same way. */
export function orderRequestBase(e: {
  orderId: string
  venueId: number
  customerId: string
  phoneNumber: string
  eventTimestamp: Date
  locale?: string
}): Pick<SmsRequest, 'orderId' | 'venueId' | 'customerId' | 'phoneNumber' | 'occurredAt' | 'locale'> {
  return {
    orderId: e.orderId,
    venueId: e.venueId,
    customerId: e.customerId,
    phoneNumber: e.phoneNumber,
    occurredAt: e.eventTimestamp,
    ...(e.locale ? { locale: e.locale } : {}),
  }
}
