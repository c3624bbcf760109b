import { randomUUID } from 'node:crypto'
import type { Logger } from '@sms-notification/core'
import { ATTEMPT_PROPERTY, WAITS_PROPERTY } from '../transport-message.js'

// Enough ids to find the messages in earlier log lines, few enough to keep the warning one short line.
const DROPPED_IDS_LOGGED = 20

export interface EmbeddedQueueOptions {
  /** How long a received message stays locked before it is handed out again. Default 60 s. */
  lockDurationMs?: number
  /** Deliveries after which an unsettled or abandoned message is dead-lettered. Default 10 (Service Bus's). */
  maxDeliveryCount?: number
  /** Told of every settlement (for metrics, or a test looking from the queue's side). */
  onSettled?: (settlement: EmbeddedSettlement) => void
  /** Told (a warning) about messages dropped by `close()`. Silent by default. */
  logger?: Logger
}

export interface EmbeddedSendOptions {
  /** Stored as the message's subject. */
  messageType?: string
  correlationId?: string
  messageId?: string
  applicationProperties?: Record<string, unknown>
  /** Scheduled enqueue: the message becomes receivable after this delay. */
  delayMs?: number
}

interface StoredMessage {
  messageId: string
  body: unknown
  messageType: string | undefined
  correlationId: string | undefined
  applicationProperties: Record<string, unknown>
  enqueuedAt: Date
  deliveryCount: number
}

/** A received message; settle it with its `lockToken` before `lockedUntil`. */
export interface EmbeddedMessage extends Readonly<StoredMessage> {
  lockToken: string
  lockedUntil: Date
}

export interface DeadLetteredMessage extends Readonly<StoredMessage> {
  reason: string
  description: string
  deadLetteredAt: Date
}

export interface EmbeddedSettlement {
  messageId: string
  outcome: 'completed' | 'abandoned' | 'dead-lettered' | 'lock-expired'
  reason?: string
  description?: string
}

export interface EmbeddedQueueDepth {
  /** Receivable now. */
  active: number
  /** Waiting for their scheduled time. */
  scheduled: number
  /** Received and not yet settled. */
  locked: number
  deadLettered: number
}

/** What `close()` dropped: nothing is kept across restarts, so these messages are gone. */
export interface EmbeddedQueueDropped {
  /** Scheduled retries and delayed sends that had not come due. */
  scheduled: number
  /** Receivable messages nobody received. */
  active: number
  /** Received messages whose handler had not settled them. */
  locked: number
}

interface Lock {
  message: StoredMessage
  lockedUntil: Date
  timer: NodeJS.Timeout
}

/**
 * An in-process queue with Service Bus's semantics: peek-lock with a lock duration, a delivery count,
 * scheduled enqueue, a dead-letter list with reason and description. For running without Service Bus (the
 * local default, services embedding the library); it keeps nothing across restarts.
 */
export class EmbeddedQueue {
  readonly #lockDurationMs: number
  readonly #maxDeliveryCount: number
  readonly #onSettled: ((settlement: EmbeddedSettlement) => void) | undefined
  readonly #active: StoredMessage[] = []
  readonly #scheduled = new Map<StoredMessage, NodeJS.Timeout>()
  readonly #locks = new Map<string, Lock>()
  readonly #deadLetters: DeadLetteredMessage[] = []
  readonly #logger: Logger | undefined
  #waiters: Array<() => void> = []
  #dropped: EmbeddedQueueDropped | undefined

  constructor(options: EmbeddedQueueOptions = {}) {
    this.#lockDurationMs = options.lockDurationMs ?? 60_000
    this.#maxDeliveryCount = options.maxDeliveryCount ?? 10
    this.#onSettled = options.onSettled
    this.#logger = options.logger
  }

  /** Enqueues a message (now, or after `delayMs`) and returns its id. */
  send(body: unknown, options: EmbeddedSendOptions = {}): string {
    if (this.#dropped) throw new Error('the embedded queue is closed')
    const message: StoredMessage = {
      messageId: options.messageId ?? randomUUID(),
      body,
      messageType: options.messageType,
      correlationId: options.correlationId,
      applicationProperties: { ...options.applicationProperties },
      enqueuedAt: new Date(),
      deliveryCount: 0,
    }
    const delayMs = options.delayMs ?? 0
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.#scheduled.delete(message)
        this.#enqueue(message)
      }, delayMs)
      timer.unref()
      this.#scheduled.set(message, timer)
    } else {
      this.#enqueue(message)
    }
    return message.messageId
  }

  /** Locks and returns the oldest receivable message, or undefined when there is none. */
  receive(): EmbeddedMessage | undefined {
    const message = this.#active.shift()
    if (!message) return undefined
    message.deliveryCount++
    const lockToken = randomUUID()
    const lockedUntil = new Date(Date.now() + this.#lockDurationMs)
    const timer = setTimeout(() => this.#expire(lockToken), this.#lockDurationMs)
    timer.unref()
    this.#locks.set(lockToken, { message, lockedUntil, timer })
    return { ...message, applicationProperties: { ...message.applicationProperties }, lockToken, lockedUntil }
  }

  /** Resolves when a message may be receivable (or the signal aborts, or the queue closes). */
  async waitForMessage(signal?: AbortSignal): Promise<void> {
    if (this.#active.length > 0 || this.#dropped || signal?.aborted) return
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        signal?.removeEventListener('abort', wake)
        this.#waiters = this.#waiters.filter((w) => w !== wake)
        resolve()
      }
      signal?.addEventListener('abort', wake, { once: true })
      this.#waiters.push(wake)
    })
  }

  /** False when the lock is unknown or expired (the message may have gone to someone else). */
  complete(lockToken: string): boolean {
    const lock = this.#release(lockToken)
    if (!lock) return false
    this.#onSettled?.({ messageId: lock.message.messageId, outcome: 'completed' })
    return true
  }

  /** Back to the queue at once, counting the delivery; dead-lettered at the max delivery count. */
  abandon(lockToken: string): boolean {
    const lock = this.#release(lockToken)
    if (!lock) return false
    this.#onSettled?.({ messageId: lock.message.messageId, outcome: 'abandoned' })
    this.#redeliverOrDeadLetter(lock.message)
    return true
  }

  deadLetter(lockToken: string, reason: string, description: string): boolean {
    const lock = this.#release(lockToken)
    if (!lock) return false
    this.#toDeadLetters(lock.message, reason, description)
    return true
  }

  renewLock(lockToken: string): Date | undefined {
    const lock = this.#locks.get(lockToken)
    if (!lock) return undefined
    clearTimeout(lock.timer)
    lock.lockedUntil = new Date(Date.now() + this.#lockDurationMs)
    lock.timer = setTimeout(() => this.#expire(lockToken), this.#lockDurationMs)
    lock.timer.unref()
    return lock.lockedUntil
  }

  deadLetters(): DeadLetteredMessage[] {
    return this.#deadLetters.map((m) => ({ ...m, applicationProperties: { ...m.applicationProperties } }))
  }

  /**
   * Puts a dead-lettered message back as a fresh one (delivery count, carried attempt and waits reset). False when
   * there is no dead letter with that id.
   */
  replayDeadLetter(messageId: string): boolean {
    const index = this.#deadLetters.findIndex((m) => m.messageId === messageId)
    if (index < 0) return false
    const [dead] = this.#deadLetters.splice(index, 1)
    if (!dead) return false
    const { reason: _reason, description: _description, deadLetteredAt: _at, ...message } = dead
    const properties = { ...message.applicationProperties }
    delete properties[ATTEMPT_PROPERTY]
    delete properties[WAITS_PROPERTY]
    this.#enqueue({ ...message, applicationProperties: properties, deliveryCount: 0, enqueuedAt: new Date() })
    return true
  }

  depth(): EmbeddedQueueDepth {
    return {
      active: this.#active.length,
      scheduled: this.#scheduled.size,
      locked: this.#locks.size,
      deadLettered: this.#deadLetters.length,
    }
  }

  /** Scheduled messages (retries, delayed sends) not yet due: lost if the queue closes now. */
  pendingScheduled(): number {
    return this.#scheduled.size
  }

  /**
   * Drops timers and wakes waiters. Messages still scheduled, queued or locked are lost (the queue keeps nothing
   * across restarts): they are counted, logged as a warning (ids only, never bodies) and returned, so the caller
   * can report them too. Messages are kept for inspection; closing again returns the same count without logging.
   */
  close(): EmbeddedQueueDropped {
    if (this.#dropped) return { ...this.#dropped }
    const dropped: EmbeddedQueueDropped = { scheduled: this.#scheduled.size, active: this.#active.length, locked: this.#locks.size }
    this.#dropped = dropped
    for (const timer of this.#scheduled.values()) clearTimeout(timer)
    for (const lock of this.#locks.values()) clearTimeout(lock.timer)
    this.#wake()
    if (dropped.scheduled + dropped.active + dropped.locked > 0) {
      // Ids only: bodies hold phone numbers and message text.
      const messageIds = [...this.#scheduled.keys(), ...this.#active, ...[...this.#locks.values()].map((l) => l.message)]
        .slice(0, DROPPED_IDS_LOGGED)
        .map((m) => m.messageId)
      this.#logger?.warn({ ...dropped, messageIds }, 'embedded queue closed with undelivered messages; they are dropped')
    }
    return { ...dropped }
  }

  #enqueue(message: StoredMessage): void {
    this.#active.push(message)
    this.#wake()
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake()
  }

  #release(lockToken: string): Lock | undefined {
    const lock = this.#locks.get(lockToken)
    if (!lock) return undefined
    this.#locks.delete(lockToken)
    clearTimeout(lock.timer)
    return lock
  }

  #expire(lockToken: string): void {
    const lock = this.#release(lockToken)
    if (!lock) return
    this.#onSettled?.({ messageId: lock.message.messageId, outcome: 'lock-expired' })
    this.#redeliverOrDeadLetter(lock.message)
  }

  #redeliverOrDeadLetter(message: StoredMessage): void {
    if (message.deliveryCount >= this.#maxDeliveryCount) {
      this.#toDeadLetters(message, 'MaxDeliveryCountExceeded', `delivered ${message.deliveryCount} times without being completed`)
    } else {
      // Back at the front, as a broker returns an abandoned message before newer ones.
      this.#active.unshift(message)
      this.#wake()
    }
  }

  #toDeadLetters(message: StoredMessage, reason: string, description: string): void {
    this.#deadLetters.push({ ...message, reason, description, deadLetteredAt: new Date() })
    this.#onSettled?.({ messageId: message.messageId, outcome: 'dead-lettered', reason, description })
  }
}
