import { z } from 'zod'
import { defaultTemplates } from '../templates/index.js'
import { normalizePhoneNumber } from '../phone/e164.js'
import { foldKeysToCamelCase, isoDateTime, localeTag, positiveInt } from './event-fields.js'
import { orderRequestBase, type MessageTypeDefinition } from './message-type.js'
import { firstName, formatEventTime, orderReference } from './order-confirmation-message-type.js'

export interface EventReminderEvent {
  orderId: string
  venueId: number
  customerId: string
  phoneNumber: string
  customerName: string
  eventName: string
  eventStartsAt: Date
  venueName?: string
  locale?: string
  eventTimestamp: Date
}

function eventReminderSchema(defaultRegion: string) {
  return z.preprocess(
    foldKeysToCamelCase,
    z.object({
      orderId: z.uuid().transform((s) => s.toLowerCase()),
      venueId: positiveInt,
      customerId: z.uuid().transform((s) => s.toLowerCase()),
      phoneNumber: z.string().transform((raw, ctx) => {
        const r = normalizePhoneNumber(raw, defaultRegion)
        if (!r.ok) {
          ctx.addIssue({ code: 'custom', message: `not a valid phone number (${r.reason})` })
          return z.NEVER
        }
        return r.e164
      }),
      customerName: z.string().trim().min(1).max(200),
      eventName: z.string().trim().min(1).max(200),
      eventStartsAt: isoDateTime,
      venueName: z.string().trim().min(1).max(100).optional(),
      locale: localeTag.optional(),
      eventTimestamp: isoDateTime,
    }),
  ) as unknown as z.ZodType<EventReminderEvent>
}

/** The design's future `SendEventReminderSms`: a second type that needs no change to the orchestrator. */
export const eventReminderMessageType: MessageTypeDefinition<EventReminderEvent> = {
  name: 'SendEventReminderSms',
  messageType: 'event_reminder',
  schema: eventReminderSchema,
  template: defaultTemplates.event_reminder,
  toRequest(e) {
    return {
      ...orderRequestBase(e),
      cancelled: false,
      templateData: {
        customerFirstName: firstName(e.customerName),
        venueName: e.venueName ?? 'Your venue',
        eventName: e.eventName,
        eventStartsAt: formatEventTime(e.eventStartsAt, e.locale ?? 'en-US'),
        orderRef: orderReference(e.orderId),
      },
    }
  },
}
