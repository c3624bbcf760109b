import { FailoverSmsProvider, type Logger, type Metrics, type SmsProvider } from '@sms-notification/core'
import type { EnvConfig, ProviderName } from '../config/config-schema.js'

/** What a simulated provider offers beyond the port: the outbox behind `GET /api/dev/outbox`. */
export interface SimulatedOutbox {
  outbox(): Array<{ id: string; from: string; to: string; body: string; at: Date }>
}

export interface ProviderSetup {
  provider: SmsProvider
  /** Set when a simulated provider takes part. */
  simulated?: SimulatedOutbox
}

// SDKs load only when configured: importing twilio costs ~120 ms and plivo ~210 ms plus global axios changes.
async function createOne(name: ProviderName, env: EnvConfig, logger: Logger): Promise<SmsProvider & Partial<SimulatedOutbox>> {
  const timeoutMs = env.PROVIDER_TIMEOUT_MS
  switch (name) {
    case 'simulated': {
      const { SimulatedSmsProvider } = await import('@sms-notification/adapters-providers/simulated')
      return new SimulatedSmsProvider()
    }
    case 'twilio': {
      const { createTwilioSmsProvider } = await import('@sms-notification/adapters-providers/twilio')
      return createTwilioSmsProvider({
        accountSid: env.TWILIO_ACCOUNT_SID ?? '',
        authToken: env.TWILIO_AUTH_TOKEN ?? '',
        timeoutMs,
        logger: logger.child({ provider: 'twilio' }),
        ...(env.TWILIO_API_BASE_URL ? { apiBaseUrl: env.TWILIO_API_BASE_URL } : {}),
        ...(env.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID } : {}),
        ...(env.INBOUND_WEBHOOK_URL ? { inboundWebhookUrl: env.INBOUND_WEBHOOK_URL } : {}),
      })
    }
    case 'plivo': {
      const { createPlivoSmsProvider } = await import('@sms-notification/adapters-providers/plivo')
      return createPlivoSmsProvider({
        authId: env.PLIVO_AUTH_ID ?? '',
        authToken: env.PLIVO_AUTH_TOKEN ?? '',
        timeoutMs,
        logger: logger.child({ provider: 'plivo' }),
        ...(env.PLIVO_API_BASE_URL ? { apiBaseUrl: env.PLIVO_API_BASE_URL } : {}),
        ...(env.PLIVO_APPLICATION_ID ? { applicationId: env.PLIVO_APPLICATION_ID } : {}),
      })
    }
  }
}

/**
 * The configured provider, wrapped in failover when SMS_FALLBACK_PROVIDER is set. `decorate` (tracing, the
 * configuration watch) applies to each provider before the failover is built around them: the core reaches the
 * members of a failover directly (`providersByName`, to provision and release numbers), so a decorator around
 * the pair alone would miss those calls.
 */
export async function createProvider(
  env: EnvConfig,
  logger: Logger,
  metrics: Metrics,
  decorate: (provider: SmsProvider) => SmsProvider = (provider) => provider,
): Promise<ProviderSetup> {
  const primary = await createOne(env.SMS_PROVIDER, env, logger)
  const fallback = env.SMS_FALLBACK_PROVIDER ? await createOne(env.SMS_FALLBACK_PROVIDER, env, logger) : undefined
  const simulated = [primary, fallback].find((p) => p?.outbox !== undefined) as SimulatedOutbox | undefined
  const provider = fallback ? new FailoverSmsProvider(decorate(primary), decorate(fallback), { logger, metrics }) : decorate(primary)
  return { provider, ...(simulated ? { simulated } : {}) }
}
