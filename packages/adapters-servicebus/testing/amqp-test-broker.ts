import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import type { AddressInfo, Server } from 'node:net'
import type { Connection, Container, Delivery, EventContext, Message, Sender } from 'rhea'

// rhea is CommonJS with a singleton export; require keeps it the same object under Node and vitest. It is an
// optional peer dependency, loaded on first use, so the contract suite in the same entry works without it.
const requireFromHere = createRequire(import.meta.url)
let loadedRhea: typeof import('rhea') | undefined
function rhea(): typeof import('rhea') {
  loadedRhea ??= requireFromHere('rhea') as typeof import('rhea')
  return loadedRhea
}

export interface AmqpTestBrokerOptions {
  queues?: string[]
  /** Topic name → its subscription names. */
  topics?: Record<string, string[]>
  /** Deliveries after which an abandoned message is dead-lettered. Default 10. */
  maxDeliveryCount?: number
  lockDurationMs?: number
  /** Answer every `$cbs` put-token with 401, as for a key without rights. */
  rejectTokens?: boolean
}

export interface BrokerSettlement {
  entity: string
  sequenceNumber: number
  messageId: string | undefined
  outcome: 'completed' | 'dead-lettered' | 'abandoned' | 'deferred'
  reason?: string
  description?: string
}

export interface BrokerMessage {
  sequenceNumber: number
  messageId: string | undefined
  subject: string | undefined
  correlationId: string | undefined
  contentType: string | undefined
  applicationProperties: Record<string, unknown>
  /** Raw bytes of a data section, or the value of a value section. */
  body: unknown
  deliveryCount: number
  scheduledFor?: Date
}

interface Stored {
  sequenceNumber: number
  message: Message
  deliveryCount: number
  enqueuedAt: Date
  scheduledFor?: Date
}

interface Entity {
  path: string
  active: Stored[]
  scheduled: Map<Stored, NodeJS.Timeout>
  deferred: Stored[]
  links: Set<Sender>
  settlements: BrokerSettlement[]
}

interface Locked {
  entity: Entity
  stored: Stored
  link: Sender
}

const DEAD_LETTER_SUFFIX = '/$deadletterqueue'
const MANAGEMENT_SUFFIX = '/$management'

/**
 * A small AMQP 1.0 broker that speaks enough of Service Bus for the real @azure/service-bus SDK: the `$cbs`
 * put-token, topics with subscriptions and queues with peek-lock, complete / abandon / dead-letter / defer as
 * the SDK sends them (accepted, modified, rejected with `com.microsoft:dead-letter`), dead-letter sub-queues,
 * and the `$management` operations schedule-message, renew-lock and peek-message. It records every
 * settlement, so tests check outcomes on the broker side.
 */
export class AmqpTestBroker {
  readonly #container: Container
  readonly #server: Server
  readonly #options: Required<Omit<AmqpTestBrokerOptions, 'queues' | 'topics'>>
  readonly #entities = new Map<string, Entity>()
  readonly #topics = new Map<string, Entity[]>()
  readonly #locked = new Map<Delivery, Locked>()
  readonly #replyLinks = new Map<string, Sender>()
  readonly #stalled = new WeakSet<Sender>()
  readonly #connections = new Set<Connection>()
  #nextSequenceNumber = 1
  /** Lock renewals answered, for tests of auto lock renewal. */
  renewals = 0

  private constructor(container: Container, server: Server, options: AmqpTestBrokerOptions) {
    this.#container = container
    this.#server = server
    this.#options = {
      maxDeliveryCount: options.maxDeliveryCount ?? 10,
      lockDurationMs: options.lockDurationMs ?? 60_000,
      rejectTokens: options.rejectTokens ?? false,
    }
    for (const queue of options.queues ?? []) this.#entity(queue)
    for (const [topic, subscriptions] of Object.entries(options.topics ?? {})) {
      this.#topics.set(
        topic.toLowerCase(),
        subscriptions.map((s) => this.#entity(`${topic}/Subscriptions/${s}`)),
      )
    }
  }

  static async start(options: AmqpTestBrokerOptions = {}): Promise<AmqpTestBroker> {
    const container = rhea().create_container({ id: 'amqp-test-broker', treat_modified_as_released: false, autoaccept: false })
    const server = container.listen({ port: 0, host: '127.0.0.1' })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    const broker = new AmqpTestBroker(container, server, options)
    broker.#wire()
    return broker
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port
  }

  /** A Service Bus connection string for this broker (plain TCP, as for the emulator). */
  connectionString(): string {
    const key = randomBytes(32).toString('base64')
    return `Endpoint=sb://127.0.0.1:${this.port}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${key};UseDevelopmentEmulator=true`
  }

  settlements(path?: string): BrokerSettlement[] {
    const all = [...this.#entities.values()].flatMap((e) => e.settlements)
    return path === undefined ? all : all.filter((s) => s.entity === key(path))
  }

  /** Receivable messages (not locked, not scheduled). */
  active(path: string): BrokerMessage[] {
    return this.#require(path).active.map(view)
  }

  scheduled(path: string): BrokerMessage[] {
    return [...this.#require(path).scheduled.keys()].map(view)
  }

  deadLetters(path: string): BrokerMessage[] {
    return this.#require(`${path}/$DeadLetterQueue`).active.map(view)
  }

  lockedCount(path: string): number {
    return [...this.#locked.values()].filter((l) => l.entity.path === key(path)).length
  }

  /** Stops delivering to the links open on the entity now (a receiver gone silent); new links still get messages. */
  stall(path: string): void {
    for (const link of this.#require(path).links) this.#stalled.add(link)
  }

  /** Puts a message on a queue or topic directly, bypassing the SDK. */
  inject(address: string, message: Message): void {
    this.#enqueue(address, message)
  }

  async close(): Promise<void> {
    for (const entity of this.#entities.values()) for (const timer of entity.scheduled.values()) clearTimeout(timer)
    for (const connection of this.#connections) connection.close()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
    for (const connection of this.#connections) (connection as unknown as { socket?: { destroy(): void } }).socket?.destroy()
  }

  #wire(): void {
    const c = this.#container
    c.on('connection_open', (ctx: EventContext) => {
      if (!ctx.connection) return
      this.#connections.add(ctx.connection)
      // As a real broker does: without it, Nagle and delayed ACKs hold each lone disposition answer for ~40 ms.
      ;(ctx.connection as unknown as { socket?: { setNoDelay?(on: boolean): void } }).socket?.setNoDelay?.(true)
    })
    c.on('sender_open', (ctx: EventContext) => this.#onReceiverAttach(ctx.sender!))
    c.on('receiver_open', (ctx: EventContext) => this.#onSenderAttach(ctx))
    c.on('message', (ctx: EventContext) => this.#onMessage(ctx))
    c.on('sendable', (ctx: EventContext) => this.#pumpLink(ctx.sender!))
    c.on('sender_draining', (ctx: EventContext) => {
      this.#pumpLink(ctx.sender!)
      ctx.sender!.set_drained(true)
    })
    c.on('accepted', (ctx: EventContext) => this.#settle(ctx.delivery!, 'completed'))
    c.on('rejected', (ctx: EventContext) => this.#settle(ctx.delivery!, 'dead-lettered'))
    c.on('modified', (ctx: EventContext) => this.#settle(ctx.delivery!, 'modified'))
    c.on('released', (ctx: EventContext) => this.#settle(ctx.delivery!, 'released'))
    c.on('sender_close', (ctx: EventContext) => this.#dropLink(ctx.sender!))
    c.on('disconnected', (ctx: EventContext) => this.#dropConnection(ctx.connection))
    c.on('connection_close', (ctx: EventContext) => this.#dropConnection(ctx.connection))
    // rhea turns an unhandled link or connection error into an 'error' event, which would throw.
    c.on('error', (ctx: EventContext & { error?: unknown }) => console.error('BROKER', ctx.error ?? ctx))
  }

  /** The client attached a receiving link: we send on it. */
  #onReceiverAttach(link: Sender): void {
    const remote = (link as unknown as { remote: { attach: { source?: { address?: string }; target?: { address?: string } } } }).remote
      .attach
    const address = remote.source?.address ?? ''
    link.set_source({ address })
    if (remote.target?.address) link.set_target({ address: remote.target.address })
    if (address === '$cbs' || address.toLowerCase().endsWith(MANAGEMENT_SUFFIX)) {
      this.#replyLinks.set(link.name, link)
      if (remote.target?.address) this.#replyLinks.set(remote.target.address, link)
      return
    }
    const entity = this.#entities.get(key(address))
    if (!entity) {
      link.close(notFound(address))
      return
    }
    entity.links.add(link)
  }

  /** The client attached a sending link: it sends to a queue, a topic or a service endpoint. */
  #onSenderAttach(ctx: EventContext): void {
    const link = ctx.receiver!
    const remote = (link as unknown as { remote: { attach: { target?: { address?: string } } } }).remote.attach
    const address = remote.target?.address ?? ''
    link.set_target({ address })
    if (address === '$cbs' || address.toLowerCase().endsWith(MANAGEMENT_SUFFIX)) return
    if (!this.#topics.has(key(address)) && !this.#entities.has(key(address))) link.close(notFound(address))
  }

  #onMessage(ctx: EventContext): void {
    const link = ctx.receiver!
    const address = (link as unknown as { remote: { attach: { target?: { address?: string } } } }).remote.attach.target?.address ?? ''
    const request = ctx.message!
    ctx.delivery!.accept()
    if (address === '$cbs') {
      const status = this.#options.rejectTokens ? 401 : 202
      this.#reply(request, status, undefined)
      return
    }
    if (address.toLowerCase().endsWith(MANAGEMENT_SUFFIX)) {
      this.#onManagement(address.slice(0, -MANAGEMENT_SUFFIX.length), request)
      return
    }
    this.#enqueue(address, request)
  }

  #onManagement(path: string, request: Message): void {
    const operation = request.application_properties?.['operation']
    const body = (request.body ?? {}) as Record<string, unknown>
    if (operation === 'com.microsoft:schedule-message') {
      const items = (body['messages'] ?? []) as Array<{ message: Buffer }>
      const sequenceNumbers = items.map((item) => {
        const message = rhea().message.decode(item.message) as unknown as Message
        const at = message.message_annotations?.['x-opt-scheduled-enqueue-time'] as Date | number | undefined
        return this.#enqueue(path, message, at === undefined ? undefined : new Date(at))
      })
      this.#reply(request, 200, { 'sequence-numbers': sequenceNumbers.flat() })
      return
    }
    if (operation === 'com.microsoft:renew-lock') {
      const tokens = (body['lock-tokens'] ?? []) as unknown[]
      this.renewals += tokens.length
      this.#reply(request, 200, { expirations: tokens.map(() => new Date(Date.now() + this.#options.lockDurationMs)) })
      return
    }
    if (operation === 'com.microsoft:peek-message') {
      const from = toNumber(body['from-sequence-number'])
      const count = toNumber(body['message-count']) || 1
      const entity = this.#entities.get(key(path))
      const peeked = (entity?.active ?? []).filter((s) => s.sequenceNumber >= from).slice(0, count)
      if (peeked.length === 0) {
        this.#reply(request, 204, undefined)
        return
      }
      this.#reply(request, 200, {
        messages: peeked.map((s) => ({ message: rhea().message.encode(annotated(s, this.#options.lockDurationMs)) })),
      })
      return
    }
    this.#reply(request, 501, undefined, `operation ${String(operation)} is not implemented by the test broker`)
  }

  #reply(request: Message, status: number, body: unknown, description = status < 300 ? 'OK' : 'Failed'): void {
    const link = this.#replyLinks.get(String(request.reply_to))
    if (!link) return
    link.send({
      correlation_id: request.message_id,
      application_properties: {
        'status-code': status,
        statusCode: status,
        'status-description': description,
        statusDescription: description,
      },
      body,
    })
  }

  /** Stores a message on a queue or on every subscription of a topic; returns the sequence numbers. */
  #enqueue(address: string, message: Message, scheduledFor?: Date): number[] {
    const targets = this.#topics.get(key(address)) ?? [this.#require(address)]
    return targets.map((entity) => {
      const stored: Stored = {
        sequenceNumber: this.#nextSequenceNumber++,
        message,
        deliveryCount: 0,
        enqueuedAt: new Date(),
        ...(scheduledFor ? { scheduledFor } : {}),
      }
      const delay = scheduledFor ? scheduledFor.getTime() - Date.now() : 0
      if (delay > 0) {
        const timer = setTimeout(() => {
          entity.scheduled.delete(stored)
          entity.active.push(stored)
          this.#pump(entity)
        }, delay)
        entity.scheduled.set(stored, timer)
      } else {
        entity.active.push(stored)
        this.#pump(entity)
      }
      return stored.sequenceNumber
    })
  }

  #pumpLink(link: Sender): void {
    for (const entity of this.#entities.values()) if (entity.links.has(link)) this.#pump(entity)
  }

  #pump(entity: Entity): void {
    for (const link of entity.links) {
      while (entity.active.length > 0 && link.sendable() && !this.#stalled.has(link)) {
        const stored = entity.active.shift()!
        stored.deliveryCount++
        // Service Bus sends the number of earlier deliveries as the AMQP delivery-count header.
        const delivery = link.send(
          { ...annotated(stored, this.#options.lockDurationMs), delivery_count: stored.deliveryCount - 1 },
          randomBytes(16),
        )
        this.#locked.set(delivery, { entity, stored, link })
      }
    }
  }

  #settle(delivery: Delivery, outcome: 'completed' | 'dead-lettered' | 'modified' | 'released'): void {
    const locked = this.#locked.get(delivery)
    if (!locked) return
    this.#locked.delete(delivery)
    const { entity, stored } = locked
    const record = (settlement: Omit<BrokerSettlement, 'entity' | 'sequenceNumber' | 'messageId'>): void => {
      entity.settlements.push({
        entity: entity.path,
        sequenceNumber: stored.sequenceNumber,
        messageId: messageIdOf(stored.message),
        ...settlement,
      })
    }
    const state = (
      delivery as unknown as {
        remote_state?: { error?: { condition?: string; info?: Record<string, unknown> }; undeliverable_here?: boolean }
      }
    ).remote_state
    if (outcome === 'completed') {
      record({ outcome: 'completed' })
    } else if (outcome === 'dead-lettered') {
      const info = state?.error?.info ?? {}
      const reason = stringOr(info['DeadLetterReason'])
      const description = stringOr(info['DeadLetterErrorDescription'])
      record({ outcome: 'dead-lettered', ...(reason ? { reason } : {}), ...(description ? { description } : {}) })
      this.#deadLetter(entity, stored, reason, description)
    } else if (outcome === 'modified' && state?.undeliverable_here) {
      record({ outcome: 'deferred' })
      entity.deferred.push(stored)
    } else if (outcome === 'modified') {
      record({ outcome: 'abandoned' })
      this.#returnOrDeadLetter(entity, stored)
    } else {
      stored.deliveryCount--
      entity.active.unshift(stored)
    }
    // Settled with a plain 'accepted' state: the SDK fails a settlement whose answer carries an error.
    delivery.update(true, (rhea().message as unknown as { accepted(): { described(): unknown } }).accepted().described() as never)
    this.#pump(entity)
  }

  #returnOrDeadLetter(entity: Entity, stored: Stored): void {
    if (stored.deliveryCount >= this.#options.maxDeliveryCount) {
      this.#deadLetter(entity, stored, 'MaxDeliveryCountExceeded', `delivered ${stored.deliveryCount} times`)
    } else {
      entity.active.unshift(stored)
    }
  }

  #deadLetter(entity: Entity, stored: Stored, reason: string | undefined, description: string | undefined): void {
    const dlq = this.#entities.get(`${entity.path}${DEAD_LETTER_SUFFIX}`)
    if (!dlq) return
    const message: Message = {
      ...stored.message,
      application_properties: {
        ...stored.message.application_properties,
        ...(reason !== undefined ? { DeadLetterReason: reason } : {}),
        ...(description !== undefined ? { DeadLetterErrorDescription: description } : {}),
      },
    }
    dlq.active.push({ ...stored, message })
    this.#pump(dlq)
  }

  /** A detached link loses its locks: the messages come back with the delivery counted, as after lock expiry. */
  #dropLink(link: Sender): void {
    for (const entity of this.#entities.values()) entity.links.delete(link)
    for (const [name, reply] of this.#replyLinks) if (reply === link) this.#replyLinks.delete(name)
    for (const [delivery, locked] of this.#locked) {
      if (locked.link !== link) continue
      this.#locked.delete(delivery)
      this.#returnOrDeadLetter(locked.entity, locked.stored)
      this.#pump(locked.entity)
    }
  }

  #dropConnection(connection: Connection | undefined): void {
    if (!connection) return
    this.#connections.delete(connection)
    const links = new Set<Sender>()
    for (const entity of this.#entities.values()) for (const link of entity.links) if (link.connection === connection) links.add(link)
    for (const locked of this.#locked.values()) if (locked.link.connection === connection) links.add(locked.link)
    for (const link of links) this.#dropLink(link)
  }

  #entity(path: string): Entity {
    const entity = (p: string): Entity => ({
      path: key(p),
      active: [],
      scheduled: new Map(),
      deferred: [],
      links: new Set(),
      settlements: [],
    })
    const main = entity(path)
    this.#entities.set(main.path, main)
    const dlq = entity(`${path}${DEAD_LETTER_SUFFIX}`)
    this.#entities.set(dlq.path, dlq)
    return main
  }

  #require(path: string): Entity {
    const entity = this.#entities.get(key(path))
    if (!entity) throw new Error(`the test broker has no entity ${path}`)
    return entity
  }
}

function key(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').toLowerCase()
}

function notFound(address: string): { condition: string; description: string } {
  return {
    condition: 'amqp:not-found',
    description: `The messaging entity 'sb://test-broker/${address}' could not be found. status-code: 404`,
  }
}

function annotated(stored: Stored, lockDurationMs: number): Message {
  return {
    ...stored.message,
    message_annotations: {
      ...stored.message.message_annotations,
      'x-opt-sequence-number': stored.sequenceNumber,
      'x-opt-enqueued-time': stored.enqueuedAt,
      'x-opt-locked-until': new Date(Date.now() + lockDurationMs),
    },
  }
}

function view(stored: Stored): BrokerMessage {
  const m = stored.message
  const body = m.body as { typecode?: number; content?: unknown } | undefined
  return {
    sequenceNumber: stored.sequenceNumber,
    messageId: messageIdOf(m),
    subject: stringOr(m.subject),
    correlationId: stringOr(m.correlation_id),
    contentType: stringOr(m.content_type),
    applicationProperties: { ...m.application_properties },
    body: body && typeof body.typecode === 'number' ? body.content : m.body,
    deliveryCount: stored.deliveryCount,
    ...(stored.scheduledFor ? { scheduledFor: stored.scheduledFor } : {}),
  }
}

function messageIdOf(message: Message): string | undefined {
  return message.message_id === undefined ? undefined : String(message.message_id)
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (Buffer.isBuffer(value)) return Number(value.readBigInt64BE(0))
  return Number(value ?? 0)
}
