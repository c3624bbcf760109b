import { randomUUID } from 'node:crypto'
import type { Clock } from '../src/ports/clock.js'
import type {
  AssignNumberResult,
  NewVenuePhoneNumber,
  ProvisioningClaim,
  VenuePhoneNumber,
  VenuePhoneNumberRepository,
} from '../src/ports/venue-phone-number-repository.js'

export class InMemoryVenuePhoneNumberRepository implements VenuePhoneNumberRepository {
  readonly rows: VenuePhoneNumber[] = []
  readonly claims = new Map<string, { token: string; until: number }>()
  #nextId = 1

  constructor(private readonly clock: Clock) {}

  async findActive(venueId: number, provider: string): Promise<VenuePhoneNumber | null> {
    const row = this.rows.find((r) => r.venueId === venueId && r.provider === provider && r.status === 'active')
    return row ? { ...row } : null
  }

  async findActiveByNumber(phoneNumber: string): Promise<VenuePhoneNumber | null> {
    const row = this.rows.find((r) => r.phoneNumber === phoneNumber && r.status === 'active')
    return row ? { ...row } : null
  }

  async findLatestByNumber(phoneNumber: string): Promise<VenuePhoneNumber | null> {
    const rows = this.rows.filter((r) => r.phoneNumber === phoneNumber)
    const active = rows.find((r) => r.status === 'active')
    const latest = active ?? rows.sort((a, b) => b.assignedAt.getTime() - a.assignedAt.getTime() || b.id - a.id)[0]
    return latest ? { ...latest } : null
  }

  async getById(id: number): Promise<VenuePhoneNumber | null> {
    const row = this.rows.find((r) => r.id === id)
    return row ? { ...row } : null
  }

  async listByVenue(venueId: number): Promise<VenuePhoneNumber[]> {
    return this.rows.filter((r) => r.venueId === venueId).map((r) => ({ ...r }))
  }

  async assign(n: NewVenuePhoneNumber): Promise<AssignNumberResult> {
    const venueHas = this.rows.find((r) => r.venueId === n.venueId && r.provider === n.provider && r.status === 'active')
    if (venueHas) return { kind: 'venue-already-has-number', existing: { ...venueHas } }
    const inUse = this.rows.find((r) => r.phoneNumber === n.phoneNumber && r.status === 'active')
    if (inUse) return { kind: 'number-in-use', existing: { ...inUse } }
    const now = this.clock.now()
    const row: VenuePhoneNumber = {
      id: this.#nextId++,
      venueId: n.venueId,
      phoneNumber: n.phoneNumber,
      providerId: n.providerId,
      provider: n.provider,
      status: 'active',
      assignedAt: n.assignedAt,
      releasedAt: null,
      createdAt: now,
      updatedAt: now,
    }
    this.rows.push(row)
    return { kind: 'assigned', number: { ...row } }
  }

  async release(id: number, at: Date): Promise<VenuePhoneNumber | null> {
    const row = this.rows.find((r) => r.id === id && r.status === 'active')
    if (!row) return null
    row.status = 'released'
    row.releasedAt = at
    row.updatedAt = this.clock.now()
    return { ...row }
  }

  async claimProvisioning(venueId: number, provider: string, leaseMs: number): Promise<ProvisioningClaim> {
    const k = `${venueId}|${provider}`
    const now = this.clock.now().getTime()
    const held = this.claims.get(k)
    if (held && held.until > now) return { kind: 'busy', retryAfterMs: held.until - now }
    const token = randomUUID()
    this.claims.set(k, { token, until: now + leaseMs })
    return { kind: 'claimed', token }
  }

  async finishProvisioning(venueId: number, provider: string, token: string): Promise<void> {
    const k = `${venueId}|${provider}`
    if (this.claims.get(k)?.token === token) this.claims.delete(k)
  }
}
