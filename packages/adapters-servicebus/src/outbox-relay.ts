import { noopMetrics, retryDelay, silentLogger, systemClock } from '@sms-notification/core'
import type { Clock, ConsentEventOutbox, Logger, Metrics, OptOutPublisher, OutboxEntry } from '@sms-notification/core'

export interface OutboxRelayOptions {
  outbox: ConsentEventOutbox
  publisher: OptOutPublisher
  clock?: Clock
  logger?: Logger
  metrics?: Metrics
  /** Entries leased per round. Default 20. */
  batchSize?: number
  /** How long a leased entry stays invisible to other relays; longer than a publish can take. Default 60 s. */
  leaseMs?: number
  /** Pause between rounds when there was nothing (or not a full batch) to publish. Default 1 s. */
  pollIntervalMs?: number
  /** Delay before the next try of an entry after its `attempts`-th failed try. Default: the core's `retryDelay`. */
  retryDelayMs?: (attempts: number) => number
  /** Delay after a failure the publisher calls permanent (it needs an operator). Default 5 min. */
  permanentFailureDelayMs?: number
}

export interface RelayRound {
  leased: number
  published: number
  failed: number
}

/**
 * Publishes the consent outbox to the `sms-optout` topic. The outbox row is written in the same transaction as
 * the consent change, so a crash before the publish only delays it: the lease runs out and a relay (this one
 * after a restart, or another replica) publishes it. Publishing twice is harmless because the event id is the
 * message id the topic deduplicates on.
 */
export class OutboxRelay {
  readonly #outbox: ConsentEventOutbox
  readonly #publisher: OptOutPublisher
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #metrics: Metrics
  readonly #batchSize: number
  readonly #leaseMs: number
  readonly #pollIntervalMs: number
  readonly #retryDelayMs: (attempts: number) => number
  readonly #permanentFailureDelayMs: number
  #loop: Promise<void> | undefined
  #stop = new AbortController()
  #wake: (() => void) | undefined
  #notified = false

  constructor(options: OutboxRelayOptions) {
    this.#outbox = options.outbox
    this.#publisher = options.publisher
    this.#clock = options.clock ?? systemClock
    this.#logger = options.logger ?? silentLogger
    this.#metrics = options.metrics ?? noopMetrics
    this.#batchSize = options.batchSize ?? 20
    this.#leaseMs = options.leaseMs ?? 60_000
    this.#pollIntervalMs = options.pollIntervalMs ?? 1_000
    this.#retryDelayMs = options.retryDelayMs ?? ((attempts) => retryDelay(attempts))
    this.#permanentFailureDelayMs = options.permanentFailureDelayMs ?? 300_000
  }

  /** One round: lease due entries, publish each, mark it published or failed. */
  async runOnce(): Promise<RelayRound> {
    const entries = await this.#outbox.lease(this.#batchSize, this.#leaseMs)
    const round: RelayRound = { leased: entries.length, published: 0, failed: 0 }
    for (const entry of entries) {
      if (await this.#publish(entry)) round.published++
      else round.failed++
    }
    return round
  }

  /** Runs rounds until `stop()`; a round's database error is logged and retried after the poll interval. */
  start(): void {
    if (this.#loop) return
    this.#stop = new AbortController()
    this.#loop = this.#run(this.#stop.signal)
  }

  /** Starts the next round now (after a consent change) instead of at the next poll. */
  notify(): void {
    this.#notified = true
    this.#wake?.()
  }

  /** Finishes the round in progress, then returns. */
  async stop(): Promise<void> {
    this.#stop.abort()
    this.#wake?.()
    await this.#loop
    this.#loop = undefined
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.#notified = false
      let fullBatch = false
      try {
        const round = await this.runOnce()
        fullBatch = round.leased === this.#batchSize
      } catch (error) {
        this.#logger.error(
          { error: { name: (error as Error)?.name, code: (error as { code?: unknown })?.code } },
          'outbox relay round failed',
        )
      }
      if (!fullBatch && !this.#notified && !signal.aborted) await this.#sleep(this.#pollIntervalMs)
    }
  }

  async #publish(entry: OutboxEntry): Promise<boolean> {
    // The outbox counts the lease that handed the entry out, so this is the number of this try.
    const attempts = Math.max(1, entry.attempts)
    const log = { outboxId: entry.id, eventId: entry.event.eventId, type: entry.event.type, venueId: entry.event.venueId, attempts }
    let result: Awaited<ReturnType<OptOutPublisher['publish']>>
    try {
      result = await this.#publisher.publish(entry.event)
    } catch (error) {
      // A publisher must return failures; a throw is a defect, but the event must still go out eventually.
      this.#logger.error({ ...log, error: { name: (error as Error)?.name } }, 'opt-out publisher threw')
      result = { kind: 'failed', retryable: true, errorCode: 'PublisherDefect' } as const
    }
    if (result.kind === 'published') {
      await this.#outbox.markPublished(entry.id)
      this.#metrics.increment('sms.outbox.published.total', { type: entry.event.type })
      this.#logger.info(log, 'consent event published')
      return true
    }
    // A permanent failure (entity missing, no rights) needs an operator; keep the event and retry slowly.
    const delay = result.retryable ? this.#retryDelayMs(attempts) : this.#permanentFailureDelayMs
    await this.#outbox.markFailed(entry.id, new Date(this.#clock.now().getTime() + delay), result.errorCode)
    this.#metrics.increment('sms.outbox.failed.total', { type: entry.event.type, error_code: result.errorCode })
    const level = result.retryable ? 'warn' : 'error'
    this.#logger[level](
      { ...log, errorCode: result.errorCode, retryable: result.retryable, retryInMs: delay },
      'publishing a consent event failed',
    )
    return false
  }

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.#wake = done
    })
    this.#wake = undefined
  }
}
