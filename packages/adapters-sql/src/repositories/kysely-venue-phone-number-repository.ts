import { randomUUID } from 'node:crypto'
import { TransientStoreError } from '@sms-notification/core'
import type {
  AssignNumberResult,
  NewVenuePhoneNumber,
  ProvisioningClaim,
  VenuePhoneNumber,
  VenuePhoneNumberRepository,
} from '@sms-notification/core'
import { sql } from 'kysely'
import type { Kysely, Selectable } from 'kysely'
import type { SmsDatabase, VenuePhoneNumbersTable } from '../schema/database-schema.js'
import { VENUE_NUMBER_STATUS_IDS, nameOfId } from '../schema/lookup-ids.js'
import { limitRows, returningId } from '../store/dialect-queries.js'
import { isUniqueViolation, runStoreOperation } from '../store/run-store-operation.js'
import type { SqlStore } from '../store/sql-store.js'

function selectNumbers(db: Kysely<SmsDatabase>) {
  return db
    .selectFrom('VenuePhoneNumbers as n')
    .innerJoin('ProviderNames as p', 'p.ID', 'n.ProviderNameID')
    .selectAll('n')
    .select('p.Name as ProviderName')
}

type NumberRow = Selectable<VenuePhoneNumbersTable> & { ProviderName: string }

const ACTIVE = VENUE_NUMBER_STATUS_IDS.active
const MAX_ROUNDS = 5

/**
 * Venue sender numbers. "One active number per (venue, provider)" and "a number active for one venue" are
 * filtered unique indexes, and a provisioning claim is a primary key: the database decides every race.
 */
export class KyselyVenuePhoneNumberRepository implements VenuePhoneNumberRepository {
  constructor(private readonly store: SqlStore) {}

  findActive(venueId: number, provider: string): Promise<VenuePhoneNumber | null> {
    return runStoreOperation(this.store.dialect, 'numbers.findActive', async () => {
      const providerId = await this.store.providers.find(provider)
      if (providerId === null) return null
      return this.#first(
        this.#select().where('n.VenueID', '=', venueId).where('n.ProviderNameID', '=', providerId).where('n.StatusID', '=', ACTIVE),
      )
    })
  }

  findActiveByNumber(phoneNumber: string): Promise<VenuePhoneNumber | null> {
    return runStoreOperation(this.store.dialect, 'numbers.findActiveByNumber', () =>
      this.#first(this.#select().where('n.PhoneNumber', '=', phoneNumber).where('n.StatusID', '=', ACTIVE)),
    )
  }

  findLatestByNumber(phoneNumber: string): Promise<VenuePhoneNumber | null> {
    return runStoreOperation(this.store.dialect, 'numbers.findLatestByNumber', () =>
      // A number has few assignments, all on IX_VenuePhoneNumbers_PhoneNumber: sorting them is cheap.
      this.#first(
        limitRows(
          this.store.dialect,
          this.#select()
            .where('n.PhoneNumber', '=', phoneNumber)
            .orderBy((eb) => eb.case().when('n.StatusID', '=', ACTIVE).then(sql.lit(0)).else(sql.lit(1)).end(), 'asc')
            .orderBy('n.AssignedAt', 'desc')
            .orderBy('n.ID', 'desc'),
          1,
        ),
      ),
    )
  }

  getById(id: number): Promise<VenuePhoneNumber | null> {
    return runStoreOperation(this.store.dialect, 'numbers.getById', async () => {
      if (!Number.isSafeInteger(id)) return null
      return this.#first(this.#select().where('n.ID', '=', id))
    })
  }

  listByVenue(venueId: number): Promise<VenuePhoneNumber[]> {
    return runStoreOperation(this.store.dialect, 'numbers.listByVenue', async () => {
      const rows = await this.#select().where('n.VenueID', '=', venueId).orderBy('n.ID', 'asc').execute()
      return rows.map((row) => this.#toNumber(row))
    })
  }

  assign(number: NewVenuePhoneNumber): Promise<AssignNumberResult> {
    return runStoreOperation(this.store.dialect, 'numbers.assign', async () => {
      const { db, values, dialect } = this.store
      const providerId = await this.store.providers.require(number.provider)
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const now = values.date(this.store.clock.now())
        try {
          const inserted = await returningId(
            dialect,
            db.insertInto('VenuePhoneNumbers').values({
              VenueID: number.venueId,
              PhoneNumber: number.phoneNumber,
              ProviderID: number.providerId,
              ProviderNameID: providerId,
              StatusID: ACTIVE,
              AssignedAt: values.date(number.assignedAt),
              CreatedAt: now,
              UpdatedAt: now,
            }),
          ).executeTakeFirstOrThrow()
          const assigned = await this.#first(this.#select().where('n.ID', '=', values.readInt(inserted.ID)))
          if (assigned) return { kind: 'assigned', number: assigned }
          continue
        } catch (error) {
          if (!isUniqueViolation(dialect, error)) throw error
        }
        // Which index refused it: ask rather than parse constraint names out of driver messages.
        const venueNumber = await this.#first(
          this.#select()
            .where('n.VenueID', '=', number.venueId)
            .where('n.ProviderNameID', '=', providerId)
            .where('n.StatusID', '=', ACTIVE),
        )
        if (venueNumber) return { kind: 'venue-already-has-number', existing: venueNumber }
        const inUse = await this.#first(this.#select().where('n.PhoneNumber', '=', number.phoneNumber).where('n.StatusID', '=', ACTIVE))
        if (inUse) return { kind: 'number-in-use', existing: inUse }
        // The conflicting row was released in between: try again.
      }
      throw new TransientStoreError('assign_contention', 'numbers.assign kept racing with releases')
    })
  }

  release(id: number, at: Date): Promise<VenuePhoneNumber | null> {
    return runStoreOperation(this.store.dialect, 'numbers.release', async () => {
      if (!Number.isSafeInteger(id)) return null
      const { values } = this.store
      const result = await this.store.db
        .updateTable('VenuePhoneNumbers')
        .set({ StatusID: VENUE_NUMBER_STATUS_IDS.released, ReleasedAt: values.date(at), UpdatedAt: values.date(this.store.clock.now()) })
        .where('ID', '=', id)
        .where('StatusID', '=', ACTIVE)
        .executeTakeFirst()
      if (Number(result.numUpdatedRows) !== 1) return null
      return this.#first(this.#select().where('n.ID', '=', id))
    })
  }

  claimProvisioning(venueId: number, provider: string, leaseMs: number): Promise<ProvisioningClaim> {
    return runStoreOperation(this.store.dialect, 'numbers.claimProvisioning', async () => {
      const { db, values, dialect } = this.store
      const providerId = await this.store.providers.require(provider)
      const token = randomUUID()
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const now = this.store.clock.now()
        const leaseExpiresAt = values.date(new Date(now.getTime() + leaseMs))
        try {
          await db
            .insertInto('VenueNumberProvisioning')
            .values({
              VenueID: venueId,
              ProviderNameID: providerId,
              Token: token,
              LeaseExpiresAt: leaseExpiresAt,
              CreatedAt: values.date(now),
              UpdatedAt: values.date(now),
            })
            .execute()
          return { kind: 'claimed', token }
        } catch (error) {
          if (!isUniqueViolation(dialect, error)) throw error
        }
        // The holder died if its lease ran out: take the claim over, guarded so only one taker wins.
        const taken = await db
          .updateTable('VenueNumberProvisioning')
          .set({ Token: token, LeaseExpiresAt: leaseExpiresAt, UpdatedAt: values.date(now) })
          .where('VenueID', '=', venueId)
          .where('ProviderNameID', '=', providerId)
          .where('LeaseExpiresAt', '<=', values.date(now))
          .executeTakeFirst()
        if (Number(taken.numUpdatedRows) === 1) return { kind: 'claimed', token }
        const holder = await db
          .selectFrom('VenueNumberProvisioning')
          .select('LeaseExpiresAt')
          .where('VenueID', '=', venueId)
          .where('ProviderNameID', '=', providerId)
          .executeTakeFirst()
        if (holder) return { kind: 'busy', retryAfterMs: Math.max(1, values.readDate(holder.LeaseExpiresAt).getTime() - now.getTime()) }
      }
      throw new TransientStoreError('provisioning_contention', 'numbers.claimProvisioning kept racing')
    })
  }

  finishProvisioning(venueId: number, provider: string, token: string): Promise<void> {
    return runStoreOperation(this.store.dialect, 'numbers.finishProvisioning', async () => {
      const providerId = await this.store.providers.find(provider)
      if (providerId === null) return
      // The token makes a holder whose lease was taken over unable to end the new holder's claim.
      await this.store.db
        .deleteFrom('VenueNumberProvisioning')
        .where('VenueID', '=', venueId)
        .where('ProviderNameID', '=', providerId)
        .where('Token', '=', token)
        .execute()
    })
  }

  #select() {
    return selectNumbers(this.store.db)
  }

  async #first(query: ReturnType<typeof selectNumbers>): Promise<VenuePhoneNumber | null> {
    const row = await query.executeTakeFirst()
    return row ? this.#toNumber(row) : null
  }

  #toNumber(row: NumberRow): VenuePhoneNumber {
    const { values } = this.store
    return {
      id: values.readInt(row.ID),
      venueId: values.readInt(row.VenueID),
      phoneNumber: row.PhoneNumber,
      providerId: row.ProviderID,
      provider: row.ProviderName,
      status: nameOfId(VENUE_NUMBER_STATUS_IDS, values.readInt(row.StatusID)),
      assignedAt: values.readDate(row.AssignedAt),
      releasedAt: values.readOptionalDate(row.ReleasedAt),
      createdAt: values.readDate(row.CreatedAt),
      updatedAt: values.readDate(row.UpdatedAt),
    }
  }
}
