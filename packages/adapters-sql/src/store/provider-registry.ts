import type { Kysely } from 'kysely'
import type { SqlDialectName } from '../dialects/sql-dialect-name.js'
import type { SmsDatabase } from '../schema/database-schema.js'
import { SEEDED_PROVIDERS } from '../schema/lookup-ids.js'
import { isUniqueViolation } from './run-store-operation.js'

/**
 * Provider name ⇄ ProviderNames.ID. The migrations seed twilio, plivo and simulated; a provider added later
 * registers itself on first use, so plugging in a new SmsProvider needs no migration. Ids never change, so
 * they are cached for the life of the process.
 */
export class ProviderRegistry {
  readonly #ids = new Map<string, number>(Object.entries(SEEDED_PROVIDERS))
  readonly #names = new Map<number, string>(Object.entries(SEEDED_PROVIDERS).map(([name, id]) => [id, name]))

  constructor(
    private readonly db: Kysely<SmsDatabase>,
    private readonly dialect: SqlDialectName,
  ) {}

  /** The provider's id, or null when it was never registered (so nothing can reference it). */
  async find(name: string): Promise<number | null> {
    const cached = this.#ids.get(name)
    if (cached !== undefined) return cached
    const row = await this.db.selectFrom('ProviderNames').select('ID').where('Name', '=', name).executeTakeFirst()
    if (row) {
      this.#ids.set(name, row.ID)
      this.#names.set(row.ID, name)
    }
    return row?.ID ?? null
  }

  /** The name of a provider id read from a row (saves a join when a statement returns the row itself). */
  async nameOf(id: number): Promise<string> {
    const cached = this.#names.get(id)
    if (cached !== undefined) return cached
    const row = await this.db.selectFrom('ProviderNames').select('Name').where('ID', '=', id).executeTakeFirstOrThrow()
    this.#names.set(id, row.Name)
    return row.Name
  }

  /** The provider's id, registering the provider when it is new. Never call it inside a SQLite transaction. */
  async require(name: string): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.find(name)
      if (existing !== null) return existing
      const max = await this.db
        .selectFrom('ProviderNames')
        .select((eb) => eb.fn.max('ID').as('max'))
        .executeTakeFirst()
      try {
        await this.db
          .insertInto('ProviderNames')
          .values({ ID: Number(max?.max ?? 0) + 1, Name: name })
          .execute()
      } catch (error) {
        // Another replica registered a provider at the same moment: read again.
        if (!isUniqueViolation(this.dialect, error)) throw error
      }
    }
    throw new Error(`could not register provider ${name}`)
  }
}
