import type {
  ProcessErrorArgs,
  ServiceBusClient,
  ServiceBusMessage,
  ServiceBusReceivedMessage,
  ServiceBusReceiver,
  ServiceBusSender,
} from '@azure/service-bus'
import { resolveConsumerSettings, type ConsumerSettings, type ResolvedConsumerSettings } from './consumer-settings.js'
import { ConsumerStatusTracker } from './consumer-status-tracker.js'
import type { ConsumerStatus, MessageConsumer } from './message-consumer.js'
import { MessageProcessor, type MessageSettler } from './message-processor.js'
import { ReceiverWatchdog, type WaitingMessagesProbe, type WatchedReceiver } from './receiver-watchdog.js'
import { redactPhoneNumbers } from './redact.js'
import { openServiceBus, type OpenedServiceBus, type ServiceBusConnection } from './service-bus-connection.js'
import { errorCode, isFatalEntityError, isMissingRightsError } from './service-bus-errors.js'
import { SettlementQueue } from './settlement-queue.js'
import { retryCopyFields, type RetryCopyPlan } from './transport-message.js'

export type ServiceBusSource = 'subscription' | 'retry'

export interface ServiceBusConsumerOptions extends ConsumerSettings {
  connection: ServiceBusConnection
  /** Topic the monolith publishes to. */
  topic: string
  subscription: string
  /**
   * Queue this service owns for delayed retries, e.g. `sms-notification-retry`. Create it with duplicate
   * detection on (a window of minutes is enough): a copy scheduled twice after a crash has the same message id.
   */
  retryQueue: string
  /**
   * Lock renewal while a message is handled; longer than the slowest send (failover included). Default 5 min;
   * 0 turns renewal off.
   */
  maxAutoLockRenewalDurationInMs?: number
  /** Recreates a receiver that went silent while messages wait. `false` (or `check: 'none'`) turns it off. */
  watchdog?: false | ReceiverWatchdogSettings
  /** @internal Test-only: settles without the rhea disposition guard, to prove the guard matters. */
  unsafeDisableSettlementGuard?: boolean
}

export interface ReceiverWatchdogSettings {
  /** Default 5 min. */
  silenceMs?: number
  /** Default 1 min. */
  intervalMs?: number
  /**
   * How a silent receiver is told from an idle one:
   * - `'waiting-messages'` (default): recreate it only while its entity has active messages, counted by
   *   `waitingMessages`, else by the administration client. That client needs Manage rights (Service Bus Data
   *   Owner with Entra ID); refused for want of them, the watchdog logs one warning, stops calling it and falls
   *   back to `'silence'`. There is no administration client for the emulator, so the watchdog is off there.
   * - `'silence'`: recreate any receiver without a message for `silenceMs`, messages waiting or not.
   * - `'none'`: no watchdog, as `watchdog: false`.
   */
  check?: 'waiting-messages' | 'silence' | 'none'
  /** Counts the messages waiting on a receiver's entity, instead of the administration client. */
  waitingMessages?: WaitingMessagesProbe
}

interface ReceiverSlot extends WatchedReceiver {
  readonly source: ServiceBusSource
  receiver: ServiceBusReceiver
  subscription: { close(): Promise<void> }
  settlements: SettlementQueue
  lastMessageAt: Date
  active: number
}

/**
 * Consumes the order events from a topic subscription, plus the delayed retries from the service's own retry
 * queue, with peek-lock and explicit settlement.
 *
 * A retry is a scheduled copy on the retry queue carrying the next attempt number, followed by completing the
 * original. The pair is not atomic (the SDK has no transactions): a crash in between delivers the original
 * again, which the core's idempotency claim absorbs, and the copy's deterministic message id lets the retry
 * queue's duplicate detection drop the second copy.
 */
export class ServiceBusConsumer implements MessageConsumer {
  readonly #options: ServiceBusConsumerOptions
  readonly #settings: ResolvedConsumerSettings
  readonly #processor: MessageProcessor
  readonly #tracker: ConsumerStatusTracker
  #bus: OpenedServiceBus | undefined
  #retrySender: ServiceBusSender | undefined
  #slots: ReceiverSlot[] = []
  #watchdog: ReceiverWatchdog | undefined

  constructor(options: ServiceBusConsumerOptions) {
    this.#options = options
    this.#settings = resolveConsumerSettings(options)
    this.#processor = new MessageProcessor(this.#settings)
    this.#tracker = new ConsumerStatusTracker(this.#settings.clock)
  }

  async start(): Promise<void> {
    // Only from stopped: a failed consumer is stopped first, so its links are closed before new ones open.
    if (this.#tracker.state !== 'stopped') return
    this.#tracker.state = 'starting'
    try {
      this.#bus = await openServiceBus(this.#options.connection)
      this.#retrySender = this.#bus.client.createSender(this.#options.retryQueue)
      this.#slots = [this.#open('subscription'), this.#open('retry')]
    } catch (error) {
      this.#tracker.fail(errorCode(error), safeMessage(error))
      throw error
    }
    // A fatal error may already have been reported while the receivers were being created.
    if (this.#tracker.state === 'starting') {
      this.#tracker.state = 'running'
      this.#startWatchdog()
      this.#settings.logger.info(
        { topic: this.#options.topic, subscription: this.#options.subscription, retryQueue: this.#options.retryQueue },
        'service bus consumer started',
      )
    }
  }

  async stop(graceMs = 30_000): Promise<void> {
    if (this.#tracker.state === 'stopped') return
    const deadline = Date.now() + graceMs
    const wasFailed = this.#tracker.state === 'failed'
    this.#tracker.state = 'stopping'
    this.#watchdog?.stop()
    // Closing a subscription stops new deliveries but keeps the link, so in-flight messages can still settle.
    await withTimeout(Promise.allSettled(this.#slots.map((slot) => slot.subscription.close())), deadline - Date.now())
    if (!(await this.#tracker.idle(deadline - Date.now()))) {
      this.#settings.logger.warn(
        { inFlight: this.#tracker.inFlight, graceMs },
        'grace period over with messages in flight; their locks will expire',
      )
    }
    await this.#closeLinks()
    this.#tracker.state = 'stopped'
    if (!wasFailed) this.#settings.logger.info({}, 'service bus consumer stopped')
  }

  status(): ConsumerStatus {
    return this.#tracker.status()
  }

  #open(source: ServiceBusSource): ReceiverSlot {
    const client = this.#client()
    const options = {
      receiveMode: 'peekLock' as const,
      maxAutoLockRenewalDurationInMs: this.#options.maxAutoLockRenewalDurationInMs ?? 300_000,
    }
    const receiver =
      source === 'subscription'
        ? client.createReceiver(this.#options.topic, this.#options.subscription, options)
        : client.createReceiver(this.#options.retryQueue, options)
    const slot: ReceiverSlot = {
      source,
      receiver,
      subscription: { close: async () => {} },
      settlements: new SettlementQueue({ enabled: !this.#options.unsafeDisableSettlementGuard }),
      lastMessageAt: this.#settings.clock.now(),
      active: 0,
      lastActivityAt: () => slot.lastMessageAt,
      inFlight: () => slot.active,
      restart: () => this.#restart(slot),
    }
    slot.subscription = receiver.subscribe(
      {
        processMessage: (message) => this.#onMessage(slot, message),
        processError: async (args) => this.#onError(slot, args),
      },
      { autoCompleteMessages: false, maxConcurrentCalls: this.#settings.maxConcurrentCalls },
    )
    return slot
  }

  async #onMessage(slot: ReceiverSlot, message: ServiceBusReceivedMessage): Promise<void> {
    slot.lastMessageAt = this.#settings.clock.now()
    slot.active++
    this.#tracker.messageStarted()
    try {
      await this.#processor.process(
        {
          body: message.body,
          subject: message.subject,
          applicationProperties: message.applicationProperties,
          correlationId: message.correlationId,
          messageId: message.messageId,
          previousDeliveries: message.deliveryCount ?? 0,
        },
        this.#settler(slot, message),
        slot.source,
      )
    } finally {
      slot.active--
      this.#tracker.messageFinished()
    }
  }

  #settler(slot: ReceiverSlot, message: ServiceBusReceivedMessage): MessageSettler {
    const { receiver, settlements } = slot
    return {
      complete: () => settlements.run('complete', () => receiver.completeMessage(message)),
      deadLetter: (reason, description) =>
        settlements.run('exclusive', () =>
          receiver.deadLetterMessage(message, { deadLetterReason: reason, deadLetterErrorDescription: description }),
        ),
      retryLater: async (plan, delayMs, log) => {
        try {
          // The broker's wall clock decides when the copy appears, so this is Date.now(), not the injected clock.
          await this.#sender().scheduleMessages(retryCopy(message, plan), new Date(Date.now() + delayMs))
        } catch (error) {
          log.warn({ code: errorCode(error) }, 'scheduling the retry failed; abandoning for an immediate redelivery')
          await settlements.run('exclusive', () => receiver.abandonMessage(message))
          return
        }
        await settlements.run('complete', () => receiver.completeMessage(message))
      },
    }
  }

  #onError(slot: ReceiverSlot, args: ProcessErrorArgs): void {
    // Errors from our own closing (AbortError and the like) say nothing new once we are failing or stopping.
    if (this.#tracker.state !== 'running' && this.#tracker.state !== 'starting') return
    const code = errorCode(args.error)
    if (isFatalEntityError(args.error)) {
      this.#fail(code, safeMessage(args.error), slot.source)
      return
    }
    this.#tracker.recordError(code, safeMessage(args.error))
    this.#settings.logger.warn(
      { source: slot.source, errorSource: args.errorSource, entityPath: args.entityPath, code },
      'service bus receiver error',
    )
  }

  #fail(code: string, message: string, source: ServiceBusSource): void {
    const state = this.#tracker.state
    if (state === 'failed' || state === 'stopping' || state === 'stopped') return
    this.#tracker.fail(code, message)
    this.#watchdog?.stop()
    this.#settings.logger.error({ source, code }, 'fatal service bus error; consumer stopped, readiness fails')
    // Closing ends the SDK's endless re-attach attempts on a missing or forbidden entity.
    void this.#closeReceivers()
  }

  async #restart(slot: ReceiverSlot): Promise<void> {
    if (this.#tracker.state !== 'running') return
    await slot.subscription.close().catch(() => {})
    await slot.receiver.close().catch(() => {})
    if (this.#tracker.state !== 'running') return
    const fresh = this.#open(slot.source)
    this.#slots = this.#slots.map((s) => (s === slot ? fresh : s))
  }

  #startWatchdog(): void {
    if (this.#options.watchdog === false) return
    const settings = this.#options.watchdog ?? {}
    const check = settings.check ?? 'waiting-messages'
    if (check === 'none') return
    const custom = settings.waitingMessages
    const probe = check === 'silence' ? undefined : (custom ?? this.#adminProbe())
    if (check === 'waiting-messages' && !probe) return
    this.#watchdog = new ReceiverWatchdog({
      silenceMs: settings.silenceMs ?? 300_000,
      intervalMs: settings.intervalMs ?? 60_000,
      probe,
      // Only the administration client is known to need rights the service may not have; a custom probe is the
      // caller's to judge.
      isMissingRightsError: custom ? undefined : isMissingRightsError,
      logger: this.#settings.logger,
      clock: this.#settings.clock,
      receivers: () => this.#slots,
    })
    this.#watchdog.start()
  }

  #adminProbe(): WaitingMessagesProbe | undefined {
    const admin = this.#bus?.administrationClient
    if (!admin) return undefined
    return async (source) =>
      source === 'subscription'
        ? (await admin.getSubscriptionRuntimeProperties(this.#options.topic, this.#options.subscription)).activeMessageCount
        : (await admin.getQueueRuntimeProperties(this.#options.retryQueue)).activeMessageCount
  }

  /** Closing the receiver also ends its subscription, including the SDK's re-attach loop. */
  async #closeReceivers(): Promise<void> {
    await Promise.allSettled(this.#slots.map((slot) => slot.receiver.close()))
  }

  async #closeLinks(): Promise<void> {
    await this.#closeReceivers()
    this.#slots = []
    await this.#retrySender?.close().catch(() => {})
    this.#retrySender = undefined
    if (this.#bus?.owned) await this.#bus.client.close().catch(() => {})
    this.#bus = undefined
  }

  #client(): ServiceBusClient {
    if (!this.#bus) throw new Error('the consumer is not started')
    return this.#bus.client
  }

  #sender(): ServiceBusSender {
    if (!this.#retrySender) throw new Error('the consumer is not started')
    return this.#retrySender
  }
}

function retryCopy(message: ServiceBusReceivedMessage, plan: RetryCopyPlan): ServiceBusMessage {
  return {
    body: message.body,
    ...(message.contentType !== undefined ? { contentType: message.contentType } : {}),
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...retryCopyFields(message, plan),
  }
}

function safeMessage(error: unknown): string {
  return redactPhoneNumbers(error instanceof Error ? error.message : String(error)).slice(0, 500)
}

async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))])
  clearTimeout(timer)
}
