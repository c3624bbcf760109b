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
  /** Omitted: silence-only detection, every silent idle receiver is recreated whether or not messages wait. */
  probe?: WaitingMessagesProbe | undefined
  /**
   * Probe errors that say the probe lacks the rights it needs, which no later call fixes: the watchdog says so
   * once, at warn, drops the probe and carries on with silence-only detection.
   */
  isMissingRightsError?: ((error: unknown) => boolean) | undefined
  logger: Logger
  clock: Clock
  receivers: () => readonly WatchedReceiver[]
}

/**
 * Recreates a receiver that went quiet while its entity has messages waiting. `subscribe()` in
 * @azure/service-bus 7.9.5 can stop delivering after bursts without reporting an error (azure-sdk-for-js
 * #38988); from the outside that looks exactly like this. Without a way to count the waiting messages it
 * recreates every receiver silent for `silenceMs`: on an idle entity that is a needless but harmless re-attach.
 */
export class ReceiverWatchdog {
  readonly #options: ReceiverWatchdogOptions
  #timer: NodeJS.Timeout | undefined
  #checking = false
  #probe: WaitingMessagesProbe | undefined

  constructor(options: ReceiverWatchdogOptions) {
    this.#options = options
    this.#probe = options.probe
  }

  /** How a silent receiver is told from an idle one now: by its waiting messages, or by silence alone. */
  get detection(): 'waiting-messages' | 'silence-only' {
    return this.#probe ? 'waiting-messages' : 'silence-only'
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
        if (waiting === 'unknown') {
          // Routine on an idle entity under silence-only detection, so not a warning.
          this.#options.logger.debug({ source: receiver.source, silentMs }, 'receiver silent; recreating it')
        } else {
          this.#options.logger.warn({ source: receiver.source, silentMs, waiting }, 'receiver silent while messages wait; recreating it')
        }
        await receiver.restart()
        restarted.push(receiver.source)
      }
    } finally {
      this.#checking = false
    }
    return restarted
  }

  /** 'unknown' under silence-only detection: a silent receiver is restarted on its silence alone. */
  async #waiting(source: string): Promise<number | 'unknown' | null> {
    const probe = this.#probe
    if (!probe) return 'unknown'
    try {
      return await probe(source)
    } catch (error) {
      const fields = {
        source,
        error: {
          name: (error as Error)?.name,
          code: (error as { code?: unknown })?.code,
          statusCode: (error as { statusCode?: unknown })?.statusCode,
        },
      }
      if (this.#options.isMissingRightsError?.(error)) {
        // Only the first receiver to hit it gets here: the probe is gone for every later check.
        this.#probe = undefined
        this.#options.logger.warn(fields, 'receiver watchdog has no Service Bus Manage rights; falling back to silence-only detection')
        return 'unknown'
      }
      this.#options.logger.warn(fields, 'could not read the waiting message count')
      return null
    }
  }
}
