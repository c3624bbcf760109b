import { z } from 'zod'
import { normalizePhoneNumber } from '../phone/e164.js'
import { currencyCode, decimalAmount, foldKeysToCamelCase, isoDateTime, localeTag, positiveInt } from './event-fields.js'

export const SEND_ORDER_CONFIRMATION_SMS = 'SendOrderConfirmationSms'

/** The event as validated: camelCase, phone in E.164, dates as Date. */
export interface OrderConfirmationEvent {
  orderId: string
  venueId: number
  customerId: string
  phoneNumber: string
  customerName: string
  orderTotal: number
  ticketCount: number
  eventTimestamp: Date
  currency?: string
  venueName?: string
  eventName?: string
  eventStartsAt?: Date
  locale?: string
  smsOptIn?: boolean
  orderStatus?: 'confirmed' | 'cancelled'
}

/**
 * Schema of `SendOrderConfirmationSms` as the monolith publishes it. `defaultRegion` reads phone numbers that
 * lack a country code.
 */
export function orderConfirmationSchema(defaultRegion: string) {
  return z.preprocess(
    foldKeysToCamelCase,
    z
      .object({
        orderId: z.uuid(),
        venueId: positiveInt,
        customerId: z.uuid(),
        phoneNumber: z.string().transform((raw, ctx) => {
          const result = normalizePhoneNumber(raw, defaultRegion)
          if (!result.ok) {
            ctx.addIssue({ code: 'custom', message: `not a valid phone number (${result.reason})` })
            return z.NEVER
          }
          return result.e164
        }),
        customerName: z.string().trim().min(1).max(200),
        orderTotal: decimalAmount,
        ticketCount: positiveInt,
        eventTimestamp: isoDateTime,
        currency: currencyCode.optional(),
        venueName: z.string().trim().min(1).max(100).optional(),
        eventName: z.string().trim().min(1).max(200).optional(),
        eventStartsAt: isoDateTime.optional(),
        locale: localeTag.optional(),
        smsOptIn: z.boolean().optional(),
        orderStatus: z.enum(['confirmed', 'cancelled']).optional(),
      })
      .transform((v): OrderConfirmationEvent => {
        const out: OrderConfirmationEvent = {
          orderId: v.orderId.toLowerCase(),
          venueId: v.venueId,
          customerId: v.customerId.toLowerCase(),
          phoneNumber: v.phoneNumber,
          customerName: v.customerName,
          orderTotal: v.orderTotal,
          ticketCount: v.ticketCount,
          eventTimestamp: v.eventTimestamp,
        }
        if (v.currency !== undefined) out.currency = v.currency
        if (v.venueName !== undefined) out.venueName = v.venueName
        if (v.eventName !== undefined) out.eventName = v.eventName
        if (v.eventStartsAt !== undefined) out.eventStartsAt = v.eventStartsAt
        if (v.locale !== undefined) out.locale = v.locale
        if (v.smsOptIn !== undefined) out.smsOptIn = v.smsOptIn
        if (v.orderStatus !== undefined) out.orderStatus = v.orderStatus
        return out
      }),
  )
}
