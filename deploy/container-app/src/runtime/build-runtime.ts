import { OutboxRelay } from '@sms-notification/adapters-servicebus'
import {
  createSmsNotifier,
  SEND_ORDER_CONFIRMATION_SMS,
  systemClock,
  type ConsentEventOutbox,
  type ConsentRepository,
  type Logger,
  type SendHistoryRepository,
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
import { createProvider } from './create-provider.js'
import { createEmbeddedTransport } from './embedded-transport.js'
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
  /** Stops receiving, lets in-flight messages finish (SHUTDOWN_GRACE_MS), then stops the outbox relay. */
  stopWork(): Promise<void>
  /** Closes the database, flushes metrics and traces. After `stopWork()` and after the HTTP server closed. */
  close(): Promise<void>
}

/** The part of `createDatabase(...)` the runtime uses; tests may pass an in-memory one. */
export interface RuntimeDatabase {
  dialect: string
  repositories: { consents: ConsentRepository; outbox: ConsentEventOutbox; history: SendHistoryRepository; numbers: VenuePhoneNumberRepository }
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
}

async function createTransport(config: AppConfig, logger: Logger, metrics: MetricsHandle['metrics']): Promise<Transport> {
  const settings = { logger, metrics, maxAttempts: config.env.MAX_ATTEMPTS, maxConcurrentCalls: config.env.SERVICEBUS_MAX_CONCURRENT_CALLS }
  if (config.queueMode === 'embedded') return createEmbeddedTransport(settings)
  const { createServiceBusTransport } = await import('./service-bus-transport.js')
  return createServiceBusTransport(config.env, settings)
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
    }
    const { provider: rawProvider, simulated } = await createProvider(env, logger, metrics)
    const watch = new ConfigurationWatch(systemClock)
    const provider = watch.wrap(tracing ? traceProvider(rawProvider) : rawProvider)
    const notifier = createSmsNotifier({
      repositories,
      provider,
      metrics,
      logger,
      options: {
        defaultRegion: env.DEFAULT_REGION,
        maxAttempts: env.MAX_ATTEMPTS,
        ...(env.STATUS_CALLBACK_URL ? { statusCallbackUrl: env.STATUS_CALLBACK_URL } : {}),
        ...(env.INBOUND_WEBHOOK_URL ? { inboundWebhookUrl: env.INBOUND_WEBHOOK_URL } : {}),
      },
    })
    const transport = await createTransport(config, logger, metrics)
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

    const dev: DevTools | undefined =
      transport.kind === 'embedded'
        ? {
            enqueue: (body, { correlationId }) => transport.send(body, { messageType: SEND_ORDER_CONFIRMATION_SMS, correlationId }),
            outbox: async () => (simulated?.outbox() ?? []).map((m) => ({ id: m.id, from: m.from, to: m.to, body: m.body, at: m.at.toISOString() })),
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
      logger,
      defaultRegion: env.DEFAULT_REGION,
      bodyLimit: env.HTTP_BODY_LIMIT,
      providerNames: knownProviderNames(env),
      ...(dev ? { dev } : {}),
    }

    let workStopped: Promise<void> | undefined
    let closed: Promise<void> | undefined
    const stopWork = () => {
      workStopped ??= (async () => {
        await transport.close(env.SHUTDOWN_GRACE_MS)
        await relay.stop()
      })()
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
          await stopTracing().catch((error: unknown) => logger.warn({ code: (error as { code?: string }).code ?? 'unknown' }, 'trace export failed at shutdown'))
        })()
        return closed
      },
    }
  } catch (error) {
    await database.close()
    throw error
  }
}
