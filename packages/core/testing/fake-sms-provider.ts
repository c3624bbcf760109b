import type {
  ProvisionOutcome,
  ProvisionRequest,
  ReleaseOutcome,
  SendOutcome,
  SendSmsRequest,
  SmsProvider,
} from '../src/ports/sms-provider.js'

type Scripted =
  | { kind: 'opted-out' | 'invalid-recipient' | 'rejected' | 'configuration'; errorCode: string }
  | { kind: 'transient'; errorCode: string; retryAfterMs?: number; ambiguous?: boolean }
  | { kind: 'throw'; error: Error }
  /** The provider accepts the message but the answer never arrives: recorded as sent, reported as ambiguous. */
  | { kind: 'accepted-then-timeout' }

/**
 * A scriptable in-memory provider for core tests: per-recipient outcomes (repeating or once), a count of every
 * call, optional latency, and numbers in the 555 exchange (555-0100..0199 is reserved for fiction).
 */
export class FakeSmsProvider implements SmsProvider {
  readonly sent: Array<{ from: string; to: string; body: string; providerMessageId: string }> = []
  readonly calls: Array<{ to: string; body: string }> = []
  readonly provisioned: Array<{ venueId: number; phoneNumber: string }> = []
  readonly provisionRequests: ProvisionRequest[] = []
  readonly sendRequests: Array<Omit<SendSmsRequest, 'sender'>> = []
  readonly released: string[] = []
  provisionScript: ProvisionOutcome['kind'] | null = null
  latencyMs = 0
  #scripts = new Map<string, Scripted[]>()
  #always = new Map<string, Scripted>()
  #counter = 0
  #nextNumber: number

  /** `firstNumber` picks where this fake's numbers start, so two fakes never hand out the same one. */
  constructor(
    readonly name = 'fake',
    firstNumber = 100,
  ) {
    this.#nextNumber = firstNumber
  }

  /** Every send to `to` gets this outcome. */
  always(to: string, outcome: Scripted): this {
    this.#always.set(to, outcome)
    return this
  }

  /** The next sends to `to` get these outcomes, in order; then sends succeed. */
  next(to: string, ...outcomes: Scripted[]): this {
    this.#scripts.set(to, [...(this.#scripts.get(to) ?? []), ...outcomes])
    return this
  }

  async send(request: SendSmsRequest): Promise<SendOutcome> {
    const resolution = await request.sender(this.name)
    if (resolution.kind === 'unavailable')
      return { kind: 'transient', provider: this.name, errorCode: resolution.errorCode, retryAfterMs: resolution.retryAfterMs }
    if (resolution.kind === 'failed') return { kind: 'configuration', provider: this.name, errorCode: resolution.errorCode }
    const sender = resolution.sender
    this.calls.push({ to: request.to, body: request.body })
    const { sender: _resolver, ...seen } = request
    this.sendRequests.push(seen)
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs))
    const scripted = this.#scripts.get(request.to)?.shift() ?? this.#always.get(request.to)
    if (scripted?.kind === 'throw') throw scripted.error
    if (scripted?.kind === 'accepted-then-timeout') {
      this.sent.push({ from: sender.phoneNumber, to: request.to, body: request.body, providerMessageId: `${this.name}-${++this.#counter}` })
      return { kind: 'transient', provider: this.name, sender, errorCode: 'timeout', ambiguous: true }
    }
    if (scripted) return { ...scripted, provider: this.name, sender } as SendOutcome
    const providerMessageId = `${this.name}-${++this.#counter}`
    this.sent.push({ from: sender.phoneNumber, to: request.to, body: request.body, providerMessageId })
    return { kind: 'sent', provider: this.name, sender, providerMessageId }
  }

  async provisionNumber(request: ProvisionRequest): Promise<ProvisionOutcome> {
    this.provisionRequests.push(request)
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs))
    switch (this.provisionScript) {
      case 'no-numbers':
        return { kind: 'no-numbers', provider: this.name, errorCode: 'no_numbers' }
      case 'configuration':
        return { kind: 'configuration', provider: this.name, errorCode: 'http:401' }
      case 'transient':
        return { kind: 'transient', provider: this.name, errorCode: 'http:503' }
      default: {
        const phoneNumber = `+1202555${String(this.#nextNumber++).padStart(4, '0')}`
        this.provisioned.push({ venueId: request.venueId, phoneNumber })
        return { kind: 'provisioned', provider: this.name, phoneNumber, providerId: `${this.name}-${phoneNumber}` }
      }
    }
  }

  async releaseNumber(number: { phoneNumber: string; providerId: string }): Promise<ReleaseOutcome> {
    if (!this.provisioned.some((p) => p.phoneNumber === number.phoneNumber)) return { kind: 'not-found' }
    this.released.push(number.phoneNumber)
    return { kind: 'released' }
  }
}
