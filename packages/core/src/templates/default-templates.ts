import type { TemplateConfig } from './template-config.js'

const ORDER_CONFIRMATION_FIELDS = [
  'customerName',
  'customerFirstName',
  'venueName',
  'eventName',
  'eventStartsAt',
  'orderId',
  'orderRef',
  'orderTotal',
  'ticketCount',
  'ticketCountLabel',
] as const

const EVENT_REMINDER_FIELDS = ['customerFirstName', 'venueName', 'eventName', 'eventStartsAt', 'orderRef'] as const

/**
 * Built-in templates. Every one is GSM-7 only (é, à, ¡ are in the GSM table; ô, ç, À are not) and the order
 * confirmation fits one 160-character segment for typical values (first name ~10, venue ~20, event ~25
 * characters); the event name is a section so the message stays short when the event has none. Each ends with
 * the opt-out instruction carriers expect.
 */
export const defaultTemplates = {
  order_confirmation: {
    fields: ORDER_CONFIRMATION_FIELDS,
    template:
      '{{venueName}}: Thanks {{customerFirstName}}! Order {{orderRef}} is confirmed: {{ticketCountLabel}}, {{orderTotal}}.' +
      '{{#eventName}} See you at {{eventName}}!{{/eventName}} Reply STOP to opt out.',
    locales: {
      es:
        '{{venueName}}: ¡Gracias {{customerFirstName}}! Pedido {{orderRef}} confirmado: {{ticketCountLabel}}, {{orderTotal}}.' +
        '{{#eventName}} ¡Nos vemos en {{eventName}}!{{/eventName}} Responde STOP para darte de baja.',
      fr:
        '{{venueName}} : merci {{customerFirstName}} ! Commande {{orderRef}} confirmée : {{ticketCountLabel}}, {{orderTotal}}.' +
        '{{#eventName}} Rendez-vous à {{eventName}} !{{/eventName}} Répondez STOP pour vous désabonner.',
    },
  },
  event_reminder: {
    fields: EVENT_REMINDER_FIELDS,
    template: '{{venueName}}: Hi {{customerFirstName}}, {{eventName}} starts {{eventStartsAt}}. Order {{orderRef}}. Reply STOP to opt out.',
    locales: {
      es: '{{venueName}}: Hola {{customerFirstName}}, {{eventName}} empieza {{eventStartsAt}}. Pedido {{orderRef}}. Responde STOP para darte de baja.',
      fr: '{{venueName}} : bonjour {{customerFirstName}}, {{eventName}} commence {{eventStartsAt}}. Commande {{orderRef}}. Répondez STOP pour vous désabonner.',
    },
  },
} satisfies TemplateConfig['messageTypes']
