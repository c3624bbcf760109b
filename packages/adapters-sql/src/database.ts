import { Kysely, Migrator, sql } from 'kysely'
import type { LogEvent, MigrationResultSet } from 'kysely'
import { silentLogger, systemClock } from '@sms-notification/core'
import type {
  Clock,
  ConsentEventOutbox,
  ConsentRepository,
  Logger,
  SenderPacer,
  SendHistoryRepository,
  VenuePhoneNumberRepository,
} from '@sms-notification/core'
import { parseDatabaseUrl } from './database-url.js'
import type { DatabaseConfig } from './database-url.js'
import { createKyselyDialect } from './dialects/create-kysely-dialect.js'
import type { SqlDialectName } from './dialects/sql-dialect-name.js'
import { SqlValues } from './dialects/sql-values.js'
import { classifyStoreError } from './errors/classify-store-error.js'
import { SmsMigrationProvider } from './migrations/sms-migration-provider.js'
import { KyselyConsentEventOutbox } from './repositories/kysely-consent-event-outbox.js'
import { KyselyConsentRepository } from './repositories/kysely-consent-repository.js'
import { KyselyPersistenceBackdoor } from './repositories/kysely-persistence-backdoor.js'
import { KyselySendHistoryRepository } from './repositories/kysely-send-history-repository.js'
import { KyselySenderPacer } from './repositories/kysely-sender-pacer.js'
import { KyselyVenuePhoneNumberRepository } from './repositories/kysely-venue-phone-number-repository.js'
import type { SmsDatabase } from './schema/database-schema.js'
import { ProviderRegistry } from './store/provider-registry.js'
import type { SqlStore } from './store/sql-store.js'

export interface CreateDatabaseOptions {
  /** Time source for createdAt/updatedAt and leases. Defaults to the system clock. */
  clock?: Clock
  /** Told (by error code only) when a pooled connection fails outside a query. */
  logger?: Logger
  /** Connection pool size for PostgreSQL and SQL Server. Default 10. */
  poolMax?: number
  /** SQLite busy timeout. Default 5000 ms. */
  busyTimeoutMs?: number
  /**
   * Observes every statement (slow-query logging, benchmarks). Parameters are raw values, phone numbers
   * included: never log them unmasked.
   */
  onQuery?: (event: QueryEvent) => void
}

export interface QueryEvent {
  sql: string
  parameters: readonly unknown[]
  durationMs: number
  failed: boolean
}

export interface SqlRepositories {
  consents: ConsentRepository
  outbox: ConsentEventOutbox
  history: SendHistoryRepository
  numbers: VenuePhoneNumberRepository
  /** Per-sender send slots shared by every replica (table SenderPacing). */
  pacer: SenderPacer
}

export interface MigrationState {
  name: string
  executedAt: Date | null
}

export interface SqlDatabase {
  dialect: SqlDialectName
  db: Kysely<SmsDatabase>
  repositories: SqlRepositories
  /** Raw reads of stored state for contract tests and operations; bypasses the repositories. */
  backdoor: KyselyPersistenceBackdoor
  /** Applies pending migrations; safe to run from several replicas at once (the dialect's migration lock). */
  migrateToLatest(): Promise<MigrationState[]>
  migrationStatus(): Promise<MigrationState[]>
  /** For readiness probes: true when a trivial query succeeds. */
  ping(): Promise<boolean>
  close(): Promise<void>
}

/**
 * Opens the database a DATABASE_URL names (see parseDatabaseUrl for the forms). Opening is lazy for the
 * pooled dialects: nothing connects until the first query, so a bad URL fails here and a down server fails
 * in `ping`/`migrateToLatest`.
 */
export function createDatabase(url: string | DatabaseConfig | undefined, options: CreateDatabaseOptions = {}): SqlDatabase {
  const config = typeof url === 'object' ? url : parseDatabaseUrl(url)
  const logger = options.logger ?? silentLogger
  const { dialect } = createKyselyDialect(config, {
    poolMax: options.poolMax ?? 10,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    onConnectionError: (error) => {
      logger.warn({ dialect: config.dialect, code: classifyStoreError(config.dialect, error).code }, 'database connection failed')
    },
  })
  const onQuery = options.onQuery
  const db = new Kysely<SmsDatabase>({
    dialect,
    ...(onQuery
      ? {
          log: (event: LogEvent) =>
            onQuery({
              sql: event.query.sql,
              parameters: event.query.parameters,
              durationMs: event.queryDurationMillis,
              failed: event.level === 'error',
            }),
        }
      : {}),
  })
  return openSqlDatabase(db, config.dialect, {
    clock: options.clock ?? systemClock,
    migrationTableSchema: config.dialect === 'postgres' ? (config.schema ?? 'public') : undefined,
  })
}

/** Wraps an existing Kysely instance (an embedder's own pool, or a test's recording driver). */
export function openSqlDatabase(
  db: Kysely<SmsDatabase>,
  dialect: SqlDialectName,
  options: { clock?: Clock; migrationTableSchema?: string | undefined } = {},
): SqlDatabase {
  const store: SqlStore = {
    db,
    dialect,
    values: new SqlValues(dialect),
    clock: options.clock ?? systemClock,
    providers: new ProviderRegistry(db, dialect),
  }
  const migrator = new Migrator({
    // biome-ignore lint/suspicious/noExplicitAny: the migrator works on a schema that changes under it
    db: db as Kysely<any>,
    provider: new SmsMigrationProvider(dialect),
    ...(options.migrationTableSchema ? { migrationTableSchema: options.migrationTableSchema } : {}),
  })
  const status = async (): Promise<MigrationState[]> =>
    (await migrator.getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }))
  return {
    dialect,
    db,
    repositories: {
      consents: new KyselyConsentRepository(store),
      outbox: new KyselyConsentEventOutbox(store),
      history: new KyselySendHistoryRepository(store),
      numbers: new KyselyVenuePhoneNumberRepository(store),
      pacer: new KyselySenderPacer(store),
    },
    backdoor: new KyselyPersistenceBackdoor(store),
    async migrateToLatest() {
      const result: MigrationResultSet = await migrator.migrateToLatest()
      if (result.error) {
        const failedMigration = result.results?.find((r) => r.status === 'Error')?.migrationName
        // The driver's code (never its message: it may quote SQL or a host) says why, e.g. ECONNREFUSED.
        const { code } = classifyStoreError(dialect, result.error)
        const what = failedMigration ? `migration ${failedMigration} failed` : 'migrations could not start'
        throw new Error(`${what} on ${dialect} (${code})`, { cause: result.error })
      }
      return status()
    },
    migrationStatus: status,
    async ping() {
      try {
        await sql`select 1`.execute(db)
        return true
      } catch {
        return false
      }
    },
    close: () => db.destroy(),
  }
}
