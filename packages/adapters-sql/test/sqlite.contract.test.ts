import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describePersistenceContract } from '@sms-notification/core/testing'
import { createDatabase, openSqlDatabase } from '../src/index.js'
import { sqlPersistenceFixture } from './support/sql-persistence-fixture.js'

describePersistenceContract({
  name: 'sqlite',
  async setup({ clock }) {
    const dir = mkdtempSync(join(tmpdir(), 'sms-sqlite-contract-'))
    // A nested path also proves createDatabase creates the parent directory.
    const database = createDatabase(`sqlite:${join(dir, 'nested', 'sms.db')}`, { clock })
    await database.migrateToLatest()
    return sqlPersistenceFixture(database, {
      // SQLite is single-process: other instances share the connection (kysely queues its use), which is how
      // several services embedded in one process use one database file.
      async connect() {
        const other = openSqlDatabase(database.db, 'sqlite', { clock })
        return { ...other.repositories, close: async () => undefined }
      },
      async close() {
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      },
    })
  },
})
