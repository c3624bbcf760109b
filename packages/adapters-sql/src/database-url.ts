import type { SqlDialectName } from './dialects/sql-dialect-name.js'

export type MssqlAuthentication =
  | { type: 'sql'; userName: string; password: string }
  /** Microsoft Entra through the Azure default credential chain (managed identity in Azure). */
  | { type: 'azure-active-directory-default'; clientId?: string }

export type DatabaseConfig =
  | { dialect: 'sqlite'; filename: string }
  | { dialect: 'postgres'; connectionString: string; schema: string | null }
  | {
      dialect: 'mssql'
      server: string
      port: number
      database: string
      authentication: MssqlAuthentication
      encrypt: boolean
      trustServerCertificate: boolean
      connectTimeoutMs: number
      requestTimeoutMs: number
    }

/** A DATABASE_URL that cannot be used. The message never repeats the URL, which may hold a password. */
export class DatabaseUrlError extends Error {
  readonly code = 'INVALID_DATABASE_URL'
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseUrlError'
  }
}

const SCHEMES: Record<string, SqlDialectName> = {
  'sqlite:': 'sqlite',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mssql:': 'mssql',
  'sqlserver:': 'mssql',
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * Parses a DATABASE_URL:
 * - `sqlite:<path>`, `sqlite:///<absolute path>`, `sqlite::memory:`
 * - `postgres://user:pass@host:5432/db[?schema=name&sslmode=...]` (also `postgresql://`)
 * - `mssql://user:pass@host:1433/db[?encrypt=true&trustServerCertificate=false]` (also `sqlserver://`), or
 *   `mssql://host/db?authentication=azure-active-directory-default[&clientId=<managed identity client id>]`
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseConfig {
  if (url === undefined || url.trim() === '') throw new DatabaseUrlError('DATABASE_URL is empty')
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url.trim())?.[1]?.toLowerCase()
  const dialect = scheme ? SCHEMES[scheme] : undefined
  if (!dialect) {
    throw new DatabaseUrlError(
      `DATABASE_URL has an unsupported scheme ${scheme ? `"${scheme}"` : '(none)'}: use sqlite:, postgres:, postgresql:, mssql: or sqlserver:`,
    )
  }
  if (dialect === 'sqlite') return parseSqlite(url.trim().slice(scheme!.length))
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    throw new DatabaseUrlError(`DATABASE_URL is not a valid ${dialect} URL`)
  }
  if (parsed.hostname === '') throw new DatabaseUrlError(`DATABASE_URL (${dialect}) has no host`)
  return dialect === 'postgres' ? parsePostgres(parsed) : parseMssql(parsed)
}

function parseSqlite(rest: string): DatabaseConfig {
  const path = rest.startsWith('//') ? rest.slice(2) : rest
  const filename = path.split('?')[0] ?? ''
  if (filename === '') throw new DatabaseUrlError('DATABASE_URL (sqlite) has no file path: use sqlite:<path> or sqlite::memory:')
  return { dialect: 'sqlite', filename }
}

function parsePostgres(url: URL): DatabaseConfig {
  const schema = url.searchParams.get('schema')
  if (schema !== null && !IDENTIFIER.test(schema)) throw new DatabaseUrlError('DATABASE_URL (postgres) has an invalid schema name')
  url.searchParams.delete('schema')
  return { dialect: 'postgres', connectionString: url.toString(), schema }
}

function parseMssql(url: URL): DatabaseConfig {
  const params = url.searchParams
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (database === '') throw new DatabaseUrlError('DATABASE_URL (mssql) has no database name: mssql://host:1433/<database>')
  const port = url.port === '' ? 1433 : Number(url.port)
  const mode = (params.get('authentication') ?? 'sql').toLowerCase()
  let authentication: MssqlAuthentication
  if (mode === 'sql' || mode === 'default') {
    if (url.username === '')
      throw new DatabaseUrlError(
        'DATABASE_URL (mssql) needs a user for SQL authentication, or authentication=azure-active-directory-default',
      )
    authentication = { type: 'sql', userName: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
  } else if (mode === 'azure-active-directory-default' || mode === 'managed-identity') {
    const clientId = params.get('clientId')
    authentication = clientId ? { type: 'azure-active-directory-default', clientId } : { type: 'azure-active-directory-default' }
  } else {
    throw new DatabaseUrlError('DATABASE_URL (mssql) authentication must be sql or azure-active-directory-default')
  }
  return {
    dialect: 'mssql',
    server: url.hostname,
    port,
    database,
    authentication,
    encrypt: booleanParam(params, 'encrypt', true),
    trustServerCertificate: booleanParam(params, 'trustServerCertificate', false),
    connectTimeoutMs: numberParam(params, 'connectTimeout', 15_000),
    requestTimeoutMs: numberParam(params, 'requestTimeout', 15_000),
  }
}

function booleanParam(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = params.get(name)
  if (value === null) return fallback
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new DatabaseUrlError(`DATABASE_URL parameter ${name} must be true or false`)
}

function numberParam(params: URLSearchParams, name: string, fallback: number): number {
  const value = params.get(name)
  if (value === null) return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number <= 0) throw new DatabaseUrlError(`DATABASE_URL parameter ${name} must be a positive integer (ms)`)
  return number
}
