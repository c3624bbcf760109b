export const WEBHOOK_PROVIDERS = ['twilio', 'plivo'] as const
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number]

export function isWebhookProvider(value: string): value is WebhookProvider {
  return (WEBHOOK_PROVIDERS as readonly string[]).includes(value)
}
