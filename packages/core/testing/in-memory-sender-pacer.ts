import type { PacingSlot, SenderPacer } from '../src/ports/sender-pacer.js'

export class InMemorySenderPacer implements SenderPacer {
  readonly nextSlot = new Map<number, number>()

  async reserve(venuePhoneNumberId: number, now: Date, intervalMs: number, maxWaitMs: number): Promise<PacingSlot> {
    const at = Math.max(this.nextSlot.get(venuePhoneNumberId) ?? 0, now.getTime())
    if (at - now.getTime() > maxWaitMs) return { kind: 'busy', retryAfterMs: at - now.getTime() }
    this.nextSlot.set(venuePhoneNumberId, at + intervalMs)
    return { kind: 'slot', at: new Date(at) }
  }
}
