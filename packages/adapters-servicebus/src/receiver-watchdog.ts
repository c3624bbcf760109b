import type { Clock, Logger } from '@sms-notification/core'

/** A receiver the watchdog can check and restart. */
export interface WatchedReceiver {
  readonly source: string
  /** When it last delivered a message (or was opened). */
  lastActivityAt(): Date
  /** Messages it is handling now: a busy receiver is not silent, only slow. */
  inFlight(): number
  restart(): Promise<void>
}

/**
 * Messages waiting on a receiver's entity (the active message count), or null when unknown. Injectable so tests
 * can drive it; by default it asks the administration client.
 */
export type WaitingMessagesProbe = (source: string) => Promise<number | null>

export interface ReceiverWatchdogOptions {
  /** A receiver with no message for this long while messages wait is recreated. */
  silenceMs: number
  /** How often to look. */
  intervalMs: number
  probe: WaitingMessagesProbe
  logger: Logger
  clock: Clock
  receivers: () => readonly WatchedReceiver[]
}

/**
 * Recreates a receiver that went quiet while its entity has messages waiting. `subscribe()` in
 * @azure/service-bus 7.9.5 can stop delivering after bursts without reporting an error (azure-sdk-for-js
 * #38988); from the outside that looks exactly like this.
 */
export class ReceiverWatchdog {
  readonly #options: ReceiverWatchdogOptions
  #timer: NodeJS.Timeout | undefined
  #checking = false

  constructor(options: ReceiverWatchdogOptions) {
    this.#options = options
  }

  start(): void {
    if (this.#timer) return
    this.#timer = setInterval(() => void this.check(), this.#options.intervalMs)
    this.#timer.unref()
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** One look at every receiver; returns the sources it restarted. */
  async check(): Promise<string[]> {
    if (this.#checking) return []
    this.#checking = true
    const restarted: string[] = []
    try {
      for (const receiver of this.#options.receivers()) {
        const silentMs = this.#options.clock.now().getTime() - receiver.lastActivityAt().getTime()
        if (silentMs < this.#options.silenceMs || receiver.inFlight() > 0) continue
        const waiting = await this.#waiting(receiver.source)
        if (waiting === null || waiting === 0) continue
        this.#options.logger.warn({ source: receiver.source, silentMs, waiting }, 'receiver silent while messages wait; recreating it')
        await receiver.restart()
        restarted.push(receiver.source)
      }
    } finally {
      this.#checking = false
    }
    return restarted
  }

  async #waiting(source: string): Promise<number | null> {
    try {
      return await this.#options.probe(source)
    } catch (error) {
      this.#options.logger.warn({ source, error: { name: (error as Error)?.name, code: (error as { code?: unknown })?.code } }, 'could not read the waiting message count')
      return null
    }
  }
}
