import { createDatabase } from '@sms-notification/adapters-sql'

const BASE_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface PostgresSchema {
  /** DATABASE_URL pointing at the schema (migrations create the tables in it). */
  url: string
  drop(): Promise<void>
}

/**
 * A fresh schema per test file, so files running in parallel never see each other's rows. Null when the server
 * is unreachable, except under CI=true where that is an error.
 */
export async function createPostgresSchema(prefix: string): Promise<PostgresSchema | null> {
  const admin = createDatabase(BASE_URL)
  try {
    if (!(await admin.ping())) {
      if (process.env.CI === 'true')
        throw new Error(`PostgreSQL is not reachable at ${BASE_URL.replace(/\/\/[^@]*@/, '//')} (CI=true: failing instead of skipping)`)
      return null
    }
    const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}`
    await admin.db.schema.createSchema(schema).execute()
    const separator = BASE_URL.includes('?') ? '&' : '?'
    return {
      url: `${BASE_URL}${separator}schema=${schema}`,
      async drop() {
        const cleanup = createDatabase(BASE_URL)
        try {
          await cleanup.db.schema.dropSchema(schema).ifExists().cascade().execute()
        } finally {
          await cleanup.close()
        }
      },
    }
  } finally {
    await admin.close()
  }
}
