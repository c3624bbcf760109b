import { randomInt, randomUUID } from 'node:crypto'
import { systemClock } from '@sms-notification/core'
import type {
  Clock,
  ProvisionOutcome,
  ProvisionRequest,
  ReleaseOutcome,
  SendOutcome,
  SendSmsRequest,
  SmsProvider,
} from '@sms-notification/core'
import { sendFailureOutcome, unresolvedSenderOutcome } from '../shared/failure-outcomes.js'
import type { FailureKind } from '../shared/provider-failure.js'
import { DEFAULT_AREA_CODES, fictionalNumber, NANP_COUNTRIES } from './fictional-numbers.js'

export interface SimulatedMessage {
  id: string
  from: string
  to: string
  body: string
  at: Date
  statusCallbackUrl?: string
  correlationId?: string
}

export interface SimulatedSmsProviderOptions {
  /** Provider name stored with sends and numbers. Default `simulated`. */
  name?: string
  /** Recipients (E.164) that fail with the given outcome from the start. */
  failures?: Record<string, FailureKind>
  /** Artificial latency per call, in ms (a number, or a function for jitter). Default 0. */
  latencyMs?: number | (() => number)
  /** Oldest messages are dropped beyond this many. Default 1 000. */
  outboxLimit?: number
  /** Retry-After reported with simulated `transient` failures. Default 1 000. */
  transientRetryAfterMs?: number
  clock?: Clock
}

const ERROR_CODES: Record<FailureKind, string> = {
  'opted-out': 'simulated:opted-out',
  'invalid-recipient': 'simulated:invalid-recipient',
  rejected: 'simulated:rejected',
  configuration: 'simulated:configuration',
  transient: 'simulated:transient',
}

/**
 * An in-memory provider for the embedded default and demos: it "sends" by recording the message in a bounded
 * outbox, sells numbers from the NANP range reserved for fiction, and fails chosen recipients on request.
 */
export class SimulatedSmsProvider implements SmsProvider {
  readonly name: string
  readonly #failures = new Map<string, FailureKind>()
  readonly #outbox: SimulatedMessage[] = []
  readonly #rented = new Map<string, string>()
  readonly #latency: () => number
  readonly #outboxLimit: number
  readonly #retryAfterMs: number
  readonly #clock: Clock

  constructor(options: SimulatedSmsProviderOptions = {}) {
    this.name = options.name ?? 'simulated'
    const latency = options.latencyMs ?? 0
    this.#latency = typeof latency === 'function' ? latency : () => latency
    this.#outboxLimit = options.outboxLimit ?? 1000
    this.#retryAfterMs = options.transientRetryAfterMs ?? 1000
    this.#clock = options.clock ?? systemClock
    for (const [phone, kind] of Object.entries(options.failures ?? {})) this.#failures.set(phone, kind)
  }

  /** Makes every later send to `phoneNumber` fail with `kind`; `null` makes it succeed again. */
  failRecipient(phoneNumber: string, kind: FailureKind | null): void {
    if (kind === null) this.#failures.delete(phoneNumber)
    else this.#failures.set(phoneNumber, kind)
  }

  /** Accepted messages, oldest first (a copy). */
  outbox(): SimulatedMessage[] {
    return [...this.#outbox]
  }

  clearOutbox(): void {
    this.#outbox.length = 0
  }

  /** Numbers currently rented, as E.164 → provider id. */
  rentedNumbers(): Map<string, string> {
    return new Map(this.#rented)
  }

  async send(request: SendSmsRequest): Promise<SendOutcome> {
    const resolution = await request.sender(this.name)
    if (resolution.kind !== 'sender') return unresolvedSenderOutcome(this.name, resolution)
    const { sender } = resolution
    const durationMs = await this.#wait()
    const failure = this.#failures.get(request.to)
    if (failure) {
      const retryAfterMs = failure === 'transient' ? this.#retryAfterMs : undefined
      return sendFailureOutcome(
        this.name,
        { kind: failure, errorCode: ERROR_CODES[failure], ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
        { sender, durationMs },
      )
    }
    const message: SimulatedMessage = {
      id: `SIM${this.#nextId()}`,
      from: sender.phoneNumber,
      to: request.to,
      body: request.body,
      at: this.#clock.now(),
      ...(request.statusCallbackUrl ? { statusCallbackUrl: request.statusCallbackUrl } : {}),
      ...(request.correlationId ? { correlationId: request.correlationId } : {}),
    }
    this.#outbox.push(message)
    if (this.#outbox.length > this.#outboxLimit) this.#outbox.splice(0, this.#outbox.length - this.#outboxLimit)
    return { kind: 'sent', provider: this.name, sender, providerMessageId: message.id, durationMs }
  }

  async provisionNumber(request: ProvisionRequest): Promise<ProvisionOutcome> {
    await this.#wait()
    if (!NANP_COUNTRIES.has(request.country.toUpperCase())) {
      return { kind: 'no-numbers', provider: this.name, errorCode: 'simulated:no-fictional-range' }
    }
    const requested = request.areaCode && /^[2-9]\d{2}$/.test(request.areaCode) ? request.areaCode : undefined
    const areaCodes = requested ? [requested] : shuffled(DEFAULT_AREA_CODES)
    for (const areaCode of areaCodes) {
      const free = Array.from({ length: 100 }, (_, line) => fictionalNumber(areaCode, line)).filter((n) => !this.#rented.has(n))
      const phoneNumber = free[randomInt(free.length || 1)]
      if (!phoneNumber) continue
      const providerId = `SIMPN${this.#nextId()}`
      this.#rented.set(phoneNumber, providerId)
      return { kind: 'provisioned', provider: this.name, phoneNumber, providerId }
    }
    return { kind: 'no-numbers', provider: this.name, errorCode: 'simulated:fictional-range-exhausted' }
  }

  async releaseNumber(number: { phoneNumber: string; providerId: string }): Promise<ReleaseOutcome> {
    await this.#wait()
    if (this.#rented.get(number.phoneNumber) !== number.providerId) return { kind: 'not-found' }
    this.#rented.delete(number.phoneNumber)
    return { kind: 'released' }
  }

  #nextId(): string {
    return randomUUID().replace(/-/g, '')
  }

  async #wait(): Promise<number> {
    const ms = Math.max(0, this.#latency())
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
    return ms
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}
