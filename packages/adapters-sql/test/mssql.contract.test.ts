import { describePersistenceContract } from '@sms-notification/core/testing'
import { afterAll, beforeAll } from 'vitest'
import { createDatabase, openSqlDatabase } from '../src/index.js'
import type { SqlDatabase } from '../src/index.js'
import { emptyBusinessTables, sqlPersistenceFixture } from './support/sql-persistence-fixture.js'

const MSSQL_IMAGE = process.env.MSSQL_IMAGE ?? 'mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04'

/** testcontainers fails in milliseconds without a daemon; ask once, before registering the suite. */
async function dockerUnavailableReason(): Promise<string | null> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers')
    await getContainerRuntimeClient()
    return null
  } catch (error) {
    return `no Docker daemon for @testcontainers/mssqlserver (${(error as Error).message.split('\n')[0]})`
  }
}

const skipReason = await dockerUnavailableReason()

let stopContainer: (() => Promise<unknown>) | undefined
let url: string | undefined
let base: SqlDatabase | undefined

beforeAll(async () => {
  if (skipReason) return
  const { MSSQLServerContainer } = await import('@testcontainers/mssqlserver')
  const container = await new MSSQLServerContainer(MSSQL_IMAGE).acceptLicense().start()
  stopContainer = () => container.stop()
  const user = encodeURIComponent(container.getUsername())
  const password = encodeURIComponent(container.getPassword())
  url = `mssql://${user}:${password}@${container.getHost()}:${container.getPort()}/${container.getDatabase()}?encrypt=false&trustServerCertificate=true`
  base = createDatabase(url, { poolMax: 5 })
  await base.migrateToLatest()
}, 300_000)

afterAll(async () => {
  await base?.close()
  await stopContainer?.()
})

describePersistenceContract({
  name: 'mssql',
  skipReason,
  async setup({ clock }) {
    if (!base || !url) throw new Error('SQL Server container did not start')
    await emptyBusinessTables(base)
    const database = openSqlDatabase(base.db, 'mssql', { clock })
    const connectUrl = url
    return sqlPersistenceFixture(database, {
      async connect() {
        const other = createDatabase(connectUrl, { clock, poolMax: 4 })
        return { ...other.repositories, close: () => other.close() }
      },
      close: async () => undefined,
    })
  },
})
