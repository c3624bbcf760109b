import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, it } from 'vitest'

/** The PostgreSQL every test run here uses; PG_URL overrides it. */
export const POSTGRES_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export type PostgresProbe = { reachable: true } | { reachable: false; reason: string }

/** One connection attempt with a short timeout, so an absent server skips quickly. */
export async function probePostgres(url = POSTGRES_URL): Promise<PostgresProbe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('select 1')
    return { reachable: true }
  } catch (error) {
    return {
      reachable: false,
      reason: `PostgreSQL at ${new URL(url).host} is unreachable (${(error as { code?: string }).code ?? 'error'})`,
    }
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Under CI=true a missing PostgreSQL is a failure, not a skip. */
export const postgresRequired = process.env.CI === 'true'

/**
 * Probes PostgreSQL for a test file: null when it is reachable, else the reason to skip. Under CI=true an
 * unreachable server also registers a failing test named after the suite, so the run cannot pass by skipping.
 */
export async function postgresSkipReason(suite: string): Promise<string | null> {
  const probe = await probePostgres()
  if (probe.reachable) return null
  if (postgresRequired) {
    describe(suite, () => {
      it('needs PostgreSQL under CI=true', () => {
        throw new Error(`${probe.reason}; CI=true requires it`)
      })
    })
  }
  return probe.reason
}

/** A schema of its own per test file, so parallel files never collide. */
export function uniqueSchemaName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
}

export function schemaUrl(schema: string, url = POSTGRES_URL): string {
  const parsed = new URL(url)
  parsed.searchParams.set('schema', schema)
  return parsed.toString()
}

export async function createSchema(schema: string, url = POSTGRES_URL): Promise<void> {
  await withClient(url, (client) => client.query(`create schema "${schema}"`))
}

export async function dropSchema(schema: string, url = POSTGRES_URL): Promise<void> {
  await withClient(url, (client) => client.query(`drop schema if exists "${schema}" cascade`))
}

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await body(client)
  } finally {
    await client.end()
  }
}
