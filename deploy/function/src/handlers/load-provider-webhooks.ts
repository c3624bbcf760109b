import type { ProviderWebhooks } from '@sms-notification/adapters-providers/twilio/webhooks'
import type { FunctionConfig } from '../config.js'
import { acceptPreviousToken } from './accept-previous-token.js'

export type ProviderWebhooksLoader = (provider: string) => Promise<ProviderWebhooks | null>

/**
 * Resolves a route's `{provider}` to that provider's webhook handling, importing its module on first use so a
 * cold start loads only the provider the request is for. Null for unknown or unconfigured providers.
 */
export function createProviderWebhooksLoader(config: Pick<FunctionConfig, 'twilio' | 'plivo'>): ProviderWebhooksLoader {
  const loaded = new Map<string, Promise<ProviderWebhooks>>()
  const { twilio, plivo } = config
  const factories: Record<string, (() => Promise<ProviderWebhooks>) | undefined> = {
    twilio: twilio
      ? async () => {
          const { createTwilioWebhooks } = await import('@sms-notification/adapters-providers/twilio/webhooks')
          const previous = twilio.previousAuthToken ? createTwilioWebhooks({ authToken: twilio.previousAuthToken }) : null
          return acceptPreviousToken(createTwilioWebhooks({ authToken: twilio.authToken }), previous)
        }
      : undefined,
    plivo: plivo
      ? async () => {
          const { createPlivoWebhooks } = await import('@sms-notification/adapters-providers/plivo/webhooks')
          const { previousAuthToken, ...options } = plivo
          // The main-account token is not being rotated: the current set already checks it.
          const previous = previousAuthToken
            ? createPlivoWebhooks({ authToken: previousAuthToken, allowV2Signatures: options.allowV2Signatures })
            : null
          return acceptPreviousToken(createPlivoWebhooks(options), previous)
        }
      : undefined,
  }
  return (provider) => {
    const factory = Object.hasOwn(factories, provider) ? factories[provider] : undefined
    if (!factory) return Promise.resolve(null)
    let webhooks = loaded.get(provider)
    if (!webhooks) {
      webhooks = factory()
      // A failed import is a defect; drop it so the next request tries again instead of failing forever.
      webhooks.catch(() => loaded.delete(provider))
      loaded.set(provider, webhooks)
    }
    return webhooks
  }
}
