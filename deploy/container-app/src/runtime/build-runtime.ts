import { OutboxRelay } from '@sms-notification/adapters-servicebus'
import {
  createSmsNotifier,
  SEND_ORDER_CONFIRMATION_SMS,
  systemClock,
  type ConsentEventOutbox,
  type Clock,
  type ConsentRepository,
  type Logger,
  type SendHistoryRepository,
  type SenderPacer,
  type SmsNotifier,
  type VenuePhoneNumberRepository,
} from '@sms-notification/core'
import type { DestinationStream, Logger as PinoLogger } from 'pino'
import type { AppDeps, DevTools, HealthCheck } from '../app-deps.js'
import { Authenticator } from '../auth/authenticator.js'
import { JwtVerifier } from '../auth/jwt-verifier.js'
import type { AppConfig } from '../config/load-config.js'
import { knownProviderNames } from './known-provider-names.js'
import { createLogger } from '../observability/create-logger.js'
import { createMetrics, type MetricsHandle } from '../observability/create-metrics.js'
import { startTracing, traceHandler, traceProvider, traceRepository } from '../observability/tracing.js'
import { ConfigurationWatch } from './configuration-watch.js'
import { ConsumerLiveness } from './consumer-liveness.js'
import { createProvider } from './create-provider.js'
import { createEmbeddedTransport } from './embedded-transport.js'
import { stopWorkInOrder } from './stop-work.js'
import type { Transport } from './transport.js'

export interface Runtime {
  config: AppConfig
  logger: PinoLogger
  notifier: SmsNotifier
  transport: Transport
  metrics: MetricsHandle
  /** Everything `buildApp` needs. */
  appDeps: AppDeps
  database: RuntimeDatabase
  /** Starts the consumer and the outbox relay. */
  start(): Promise<void>
  /**
   * Stops receiving, lets in-flight messages finish (SHUTDOWN_GRACE_MS), stops the outbox relay, and only then
   * closes the transport (the opt-out publisher the relay uses).
   */
  stopWork(): Promise<void>
  /** Closes the database, flushes metrics and traces. After `stopWork()` and after the HTTP server closed. */
  close(): Promise<void>
}

/** The part of `createDatabase(...)` the runtime uses; tests may pass an in-memory one. */
export interface RuntimeDatabase {
  dialect: string
  repositories: {
    consents: ConsentRepository
    outbox: ConsentEventOutbox
    history: SendHistoryRepository
    numbers: VenuePhoneNumberRepository
    pacer?: SenderPacer
  }
  migrateToLatest(): Promise<unknown>
  ping(): Promise<boolean>
  close(): Promise<void>
}

export interface RuntimeOptions {
  /** Opens the database; `createDatabase(DATABASE_URL)` by default. */
  openDatabase?: (url: string, logger: Logger) => Promise<RuntimeDatabase>
  /** Log destination (tests); stdout by default. */
  logDestination?: DestinationStream
  /** hot-shots mock mode (tests). */
  metricsMock?: boolean
  /** Replaces the transport the configuration selects (tests). */
  createTransport?: (settings: TransportSettings) => Promise<Transport>
  /** The system clock by default. */
  clock?: Clock
}

export interface TransportSettings {
  logger: Logger
  metrics: MetricsHandle['metrics']
  maxAttempts: number
  maxConcurrentCalls: number
}

async function createTransport(config: AppConfig, settings: TransportSettings): Promise<Transport> {
  if (config.queueMode === 'embedded') return createEmbeddedTransport(settings)
  const { createServiceBusTransport } = await import('./service-bus-transport.js')
  return createServiceBusTransport(config.env, settings)
}

/** Loud lines for setups that work but are easy to get wrong in production. */
function warnAboutRiskySetups(config: AppConfig, logger: Logger): void {
  const provider = config.env.SMS_FALLBACK_PROVIDER
    ? `${config.env.SMS_PROVIDER}+${config.env.SMS_FALLBACK_PROVIDER}`
    : config.env.SMS_PROVIDER
  if (config.queueMode === 'embedded' && config.realProvider) {
    logger.warn(
      { provider, queue: 'embedded' },
      'WARNING: a real SMS provider is configured but no Service Bus settings (SERVICEBUS_CONNECTION_STRING or SERVICEBUS_NAMESPACE) are: events are consumed from the in-process queue only, nothing is read from Service Bus, and queued messages are lost on restart',
    )
  }
  if (config.devRoutes && config.realProvider) {
    logger.warn(
      { provider, devRoutes: true },
      'WARNING: DEV_ROUTES=true with a real SMS provider: any holder of a public API token can send SMS with any text to any number through /api/dev/events',
    )
  }
}

/** Builds every dependency from validated configuration. Nothing listens or consumes until `start()`. */
export async function buildRuntime(config: AppConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const { env } = config
  const logger = createLogger({ level: env.LOG_LEVEL, ...(options.logDestination ? { destination: options.logDestination } : {}) })
  const metricsHandle = createMetrics(
    {
      enabled: config.metricsEnabled || options.metricsMock === true,
      ...(env.DD_AGENT_HOST ? { host: env.DD_AGENT_HOST } : {}),
      port: env.DD_DOGSTATSD_PORT,
      prefix: env.METRICS_PREFIX,
      tags: { env: env.DD_ENV, service: env.DD_SERVICE, version: env.DD_VERSION },
      ...(options.metricsMock ? { mock: true } : {}),
    },
    logger,
  )
  const metrics = metricsHandle.metrics
  const clock = options.clock ?? systemClock
  warnAboutRiskySetups(config, logger)
  const stopTracing = await startTracing(env.APPLICATIONINSIGHTS_CONNECTION_STRING)
  const tracing = env.APPLICATIONINSIGHTS_CONNECTION_STRING !== undefined

  const open =
    options.openDatabase ??
    (async (url: string, log: Logger): Promise<RuntimeDatabase> => {
      const { createDatabase } = await import('@sms-notification/adapters-sql')
      return createDatabase(url, { logger: log })
    })
  const database = await open(env.DATABASE_URL, logger)
  try {
    if (config.runMigrations) await database.migrateToLatest()
    const repos = database.repositories
    const traced = <R extends object>(name: string, repo: R): R => (tracing ? traceRepository(name, repo, database.dialect) : repo)
    const repositories = {
      consents: traced('consents', repos.consents),
      history: traced('history', repos.history),
      numbers: traced('numbers', repos.numbers),
      ...(repos.pacer ? { pacer: traced('pacer', repos.pacer) } : {}),
    }
    const watch = new ConfigurationWatch(clock, { logger, metrics })
    // Each provider is traced and watched on its own, the members of a failover included.
    const { provider, simulated } = await createProvider(env, logger, metrics, (p) => watch.wrap(tracing ? traceProvider(p) : p))
    const notifier = createSmsNotifier({
      repositories,
      provider,
      metrics,
      logger,
      options: {
        defaultRegion: env.DEFAULT_REGION,
        maxAttempts: env.MAX_ATTEMPTS,
        senderIntervalMs: env.SENDER_INTERVAL_MS,
        senderMaxWaitMs: env.SENDER_MAX_WAIT_MS,
        ...(env.STATUS_CALLBACK_URL ? { statusCallbackUrl: env.STATUS_CALLBACK_URL } : {}),
        ...(env.INBOUND_WEBHOOK_URL ? { inboundWebhookUrl: env.INBOUND_WEBHOOK_URL } : {}),
      },
    })
    const transportSettings: TransportSettings = {
      logger,
      metrics,
      maxAttempts: env.MAX_ATTEMPTS,
      maxConcurrentCalls: env.SERVICEBUS_MAX_CONCURRENT_CALLS,
    }
    const transport = await (options.createTransport ?? ((settings) => createTransport(config, settings)))(transportSettings)
    const relay = new OutboxRelay({ outbox: traced('outbox', repos.outbox), publisher: transport.publisher, logger, metrics })

    const health: HealthCheck[] = [
      {
        name: 'database',
        check: async () => ((await database.ping()) ? { ok: true } : { ok: false, detail: 'database did not answer' }),
      },
      {
        name: 'queueConsumer',
        check: async () => {
          const status = transport.consumerStatus()
          return status.state === 'running'
            ? { ok: true }
            : { ok: false, detail: `consumer is ${status.state}${status.lastError ? ` (${status.lastError.code})` : ''}` }
        },
      },
      watch.check(),
    ]
    const liveness = [
      new ConsumerLiveness({ status: () => transport.consumerStatus(), clock, failedForMs: env.LIVENESS_CONSUMER_FAILED_MS }).check(),
    ]

    // Never with Service Bus; with the embedded queue only for the simulated provider unless DEV_ROUTES=true.
    const dev: DevTools | undefined =
      config.devRoutes && transport.kind === 'embedded'
        ? {
            enqueue: (body, { correlationId }) => transport.send(body, { messageType: SEND_ORDER_CONFIRMATION_SMS, correlationId }),
            outbox: async () =>
              (simulated?.outbox() ?? []).map((m) => ({ id: m.id, from: m.from, to: m.to, body: m.body, at: m.at.toISOString() })),
            deadLetters: () => transport.deadLetters(),
            replayDeadLetter: (messageId) => transport.replayDeadLetter(messageId),
          }
        : undefined

    const jwt =
      env.JWT_ISSUER && env.JWT_AUDIENCE && env.JWT_JWKS_URL
        ? new JwtVerifier({ issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, jwksUrl: env.JWT_JWKS_URL })
        : undefined
    const appDeps: AppDeps = {
      services: notifier,
      authenticator: new Authenticator({ apiTokens: config.apiTokens, internalTokens: config.internalTokens, ...(jwt ? { jwt } : {}) }),
      health,
      liveness,
      logger,
      defaultRegion: env.DEFAULT_REGION,
      bodyLimit: env.HTTP_BODY_LIMIT,
      providerNames: knownProviderNames(env),
      ...(dev ? { dev } : {}),
    }

    let workStopped: Promise<void> | undefined
    let closed: Promise<void> | undefined
    const stopWork = () => {
      workStopped ??= stopWorkInOrder({ transport, relay, graceMs: env.SHUTDOWN_GRACE_MS, logger })
      return workStopped
    }
    return {
      config,
      logger,
      notifier,
      transport,
      metrics: metricsHandle,
      appDeps,
      database,
      async start() {
        const handler = tracing ? traceHandler(notifier.handle) : notifier.handle
        await transport.startConsumer(handler)
        relay.start()
      },
      stopWork,
      close() {
        closed ??= (async () => {
          await stopWork()
          await database.close()
          await metricsHandle.close()
          // An exporter that cannot flush must not turn a clean shutdown into a crash.
          await stopTracing().catch((error: unknown) =>
            logger.warn({ code: (error as { code?: string }).code ?? 'unknown' }, 'trace export failed at shutdown'),
          )
        })()
        return closed
      },
    }
  } catch (error) {
    await database.close()
    throw error
  }
}
