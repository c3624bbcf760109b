import type { ProviderWebhooks } from '@sms-notification/adapters-providers/twilio/webhooks'

/**
 * During an auth-token rotation the provider may still sign with the old token (requests in flight, retries of
 * older webhooks, or the console change not yet made). The current token is tried first; the previous one only
 * when the current one found a signature that did not match, since a missing signature or an unreadable
 * request fails the same way under any token. A failure under both reports the current token's reason.
 */
export function acceptPreviousToken(current: ProviderWebhooks, previous: ProviderWebhooks | null): ProviderWebhooks {
  if (!previous) return current
  return {
    ...current,
    verify: (request) => {
      const check = current.verify(request)
      if (check.valid || check.reason !== 'invalid_signature') return check
      const fallback = previous.verify(request)
      return fallback.valid ? fallback : check
    },
  }
}
