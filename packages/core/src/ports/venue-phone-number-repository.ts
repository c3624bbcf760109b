export const VENUE_NUMBER_STATUSES = ['active', 'inactive', 'released'] as const
export type VenueNumberStatus = (typeof VENUE_NUMBER_STATUSES)[number]

export interface VenuePhoneNumber {
  id: number
  venueId: number
  /** E.164. */
  phoneNumber: string
  /** Provider-specific id, e.g. a Twilio PN… sid or the Plivo number. */
  providerId: string
  provider: string
  status: VenueNumberStatus
  assignedAt: Date
  releasedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

export interface NewVenuePhoneNumber {
  venueId: number
  phoneNumber: string
  providerId: string
  provider: string
  assignedAt: Date
}

export type AssignNumberResult =
  | { kind: 'assigned'; number: VenuePhoneNumber }
  /** The venue already has an active number with this provider (the filtered unique index said so). */
  | { kind: 'venue-already-has-number'; existing: VenuePhoneNumber }
  /** The phone number is active for another venue. */
  | { kind: 'number-in-use'; existing: VenuePhoneNumber }

export type ProvisioningClaim =
  | { kind: 'claimed'; token: string }
  /** Someone else is provisioning this venue's number; ask again after `retryAfterMs`. */
  | { kind: 'busy'; retryAfterMs: number }

/**
 * Venue sender numbers. At most one active number per (venue, provider), enforced by the store (a unique
 * index), not by in-process locks.
 *
 * Provisioning buys a number at the provider, which must happen once per venue even when two first orders
 * race: the orchestrator first takes `claimProvisioning` (a leased row keyed by venue and provider), buys,
 * then `assign`s and `finishProvisioning`s. A claim whose lease ran out (its holder died) can be taken again.
 */
export interface VenuePhoneNumberRepository {
  findActive(venueId: number, provider: string): Promise<VenuePhoneNumber | null>
  /** The active assignment of a sender number, for mapping an inbound message's `To` to its venue. */
  findActiveByNumber(phoneNumber: string): Promise<VenuePhoneNumber | null>
  /**
   * The most recent assignment of a number whatever its status (active, else the latest released or inactive
   * one): a STOP texted to a number the venue has since released still belongs to that venue.
   */
  findLatestByNumber(phoneNumber: string): Promise<VenuePhoneNumber | null>
  getById(id: number): Promise<VenuePhoneNumber | null>
  listByVenue(venueId: number): Promise<VenuePhoneNumber[]>
  assign(number: NewVenuePhoneNumber): Promise<AssignNumberResult>
  /** Marks the number released; returns null when there is no such active number. */
  release(id: number, at: Date): Promise<VenuePhoneNumber | null>
  claimProvisioning(venueId: number, provider: string, leaseMs: number): Promise<ProvisioningClaim>
  finishProvisioning(venueId: number, provider: string, token: string): Promise<void>
}
