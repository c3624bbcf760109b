import { describePersistenceContract } from '@sms-notification/core/testing'
import { afterAll } from 'vitest'
import { createDatabase, openSqlDatabase } from '../src/index.js'
import type { SqlDatabase } from '../src/index.js'
import {
  createSchema,
  dropSchema,
  postgresRequired,
  postgresSkipReason,
  schemaUrl,
  uniqueSchemaName,
} from './support/postgres-test-server.js'
import { emptyBusinessTables, sqlPersistenceFixture } from './support/sql-persistence-fixture.js'

const skipReason = await postgresSkipReason('PostgreSQL persistence contract')

const schema = uniqueSchemaName('contract')
const url = schemaUrl(schema)
let base: SqlDatabase | undefined

// One migrated schema for the file; each test starts from emptied tables and its own clock.
async function migratedBase(): Promise<SqlDatabase> {
  if (!base) {
    await createSchema(schema)
    base = createDatabase(url, { poolMax: 5 })
    await base.migrateToLatest()
  }
  return base
}

afterAll(async () => {
  if (!base) return
  await base.close()
  await dropSchema(schema)
})

describePersistenceContract({
  name: 'postgres',
  skipReason: skipReason && !postgresRequired ? skipReason : null,
  async setup({ clock }) {
    const shared = await migratedBase()
    await emptyBusinessTables(shared)
    const database = openSqlDatabase(shared.db, 'postgres', { clock })
    return sqlPersistenceFixture(database, {
      // Own pool, own connections: the concurrency cases race real sessions.
      async connect() {
        const other = createDatabase(url, { clock, poolMax: 4 })
        return { ...other.repositories, close: () => other.close() }
      },
      close: async () => undefined,
    })
  },
})
