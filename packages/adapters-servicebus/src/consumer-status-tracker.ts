import type { Clock } from '@sms-notification/core'
import type { ConsumerError, ConsumerState, ConsumerStatus } from './message-consumer.js'

/** State, last error, last message time and in-flight count of a consumer, and a wait for "nothing in flight". */
export class ConsumerStatusTracker {
  #state: ConsumerState = 'stopped'
  #lastError: ConsumerError | undefined
  #lastMessageAt: Date | undefined
  #inFlight = 0
  #idleWaiters: Array<() => void> = []
  readonly #clock: Clock

  constructor(clock: Clock) {
    this.#clock = clock
  }

  get state(): ConsumerState {
    return this.#state
  }

  set state(state: ConsumerState) {
    this.#state = state
  }

  fail(code: string, message: string): void {
    this.#state = 'failed'
    this.recordError(code, message)
  }

  recordError(code: string, message: string): void {
    this.#lastError = { code, message, at: this.#clock.now() }
  }

  messageStarted(): void {
    this.#inFlight++
    this.#lastMessageAt = this.#clock.now()
  }

  messageFinished(): void {
    this.#inFlight--
    if (this.#inFlight === 0) for (const wake of this.#idleWaiters.splice(0)) wake()
  }

  get inFlight(): number {
    return this.#inFlight
  }

  /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
  async idle(timeoutMs: number): Promise<boolean> {
    if (this.#inFlight === 0) return true
    return new Promise<boolean>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer)
        resolve(true)
      }
      const timer = setTimeout(
        () => {
          this.#idleWaiters = this.#idleWaiters.filter((w) => w !== wake)
          resolve(false)
        },
        Math.max(0, timeoutMs),
      )
      this.#idleWaiters.push(wake)
    })
  }

  status(): ConsumerStatus {
    return {
      state: this.#state,
      inFlight: this.#inFlight,
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
      ...(this.#lastMessageAt ? { lastMessageAt: this.#lastMessageAt } : {}),
    }
  }
}
