/** `inbound`: a customer's SMS (route `{provider}/webhook`); `status`: a delivery callback (`{provider}/status`). */
export type WebhookKind = 'inbound' | 'status'
