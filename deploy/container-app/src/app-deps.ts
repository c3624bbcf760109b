import type { Clock, ConsentService, DeliveryStatusService, SendHistoryRepository, VenueNumberService } from '@sms-notification/core'
import type { FastifyBaseLogger } from 'fastify'
import type { Authenticator } from './auth/authenticator.js'

/** The slices of the core's `createSmsNotifier(...)` result the HTTP API uses. */
export interface AppServices {
  consent: Pick<ConsentService, 'get' | 'update' | 'history'>
  deliveries: Pick<DeliveryStatusService, 'apply'>
  numbers: Pick<VenueNumberService, 'list' | 'assign' | 'release'>
  history: Pick<SendHistoryRepository, 'query'>
}

export interface HealthCheckResult {
  ok: boolean
  detail?: string
}

/** A readiness check: `database`, `queueConsumer`, `configuration`. */
export interface HealthCheck {
  name: string
  check(): Promise<HealthCheckResult>
}

/** Present only on the embedded queue with the simulated provider (or DEV_ROUTES=true): drive the queue, see what was "sent". */
export interface DevTools {
  enqueue(body: unknown, options: { correlationId: string }): Promise<{ messageId: string }>
  outbox(): Promise<readonly OutboxMessage[]>
  deadLetters?(): Promise<readonly unknown[]>
  replayDeadLetter?(messageId: string): Promise<boolean>
}

export interface OutboxMessage {
  id: string
  from: string
  to: string
  body: string
  at: string
}

export interface AppDeps {
  services: AppServices
  authenticator: Authenticator
  health: readonly HealthCheck[]
  /** Liveness checks: failing one makes `/healthz/live` 503 so the platform restarts the replica. None by default. */
  liveness?: readonly HealthCheck[]
  dev?: DevTools
  logger: FastifyBaseLogger
  defaultRegion: string
  bodyLimit?: number
  /** Provider names accepted in request bodies; the built-in ones (twilio, plivo, simulated) by default. */
  providerNames?: readonly string[]
  /** What "now" is when a caller's timestamps are checked; the system clock by default. */
  clock?: Clock
}
