import { defaultTemplates, formatMoney, formatTicketCount } from '../templates/index.js'
import { orderRequestBase, type MessageTypeDefinition } from './message-type.js'
import { orderConfirmationSchema, SEND_ORDER_CONFIRMATION_SMS, type OrderConfirmationEvent } from './send-order-confirmation-sms.js'

/** A short, human-friendly order reference: the first block of the order id. */
export function orderReference(orderId: string): string {
  return orderId.slice(0, 8).toUpperCase()
}

export function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/u)[0] ?? fullName
}

export const orderConfirmationMessageType: MessageTypeDefinition<OrderConfirmationEvent> = {
  name: SEND_ORDER_CONFIRMATION_SMS,
  messageType: 'order_confirmation',
  schema: orderConfirmationSchema,
  template: defaultTemplates.order_confirmation,
  toRequest(e) {
    const locale = e.locale ?? 'en-US'
    return {
      ...orderRequestBase(e),
      ...(e.smsOptIn !== undefined ? { smsOptIn: e.smsOptIn } : {}),
      cancelled: e.orderStatus === 'cancelled',
      templateData: {
        customerName: e.customerName,
        customerFirstName: firstName(e.customerName),
        venueName: e.venueName ?? 'Your venue',
        eventName: e.eventName,
        eventStartsAt: e.eventStartsAt ? formatEventTime(e.eventStartsAt, locale) : undefined,
        orderId: e.orderId,
        orderRef: orderReference(e.orderId),
        orderTotal: formatMoney(e.orderTotal, e.currency, locale),
        ticketCount: e.ticketCount,
        ticketCountLabel: formatTicketCount(e.ticketCount, locale),
      },
    }
  },
}

export function formatEventTime(at: Date, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at)
  } catch {
    return at.toISOString().slice(0, 16).replace('T', ' ')
  }
}
