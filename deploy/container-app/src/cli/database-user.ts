/**
 * The database user of the service's managed identity on Azure SQL, created the way Microsoft documents for
 * Microsoft Entra principals without a directory lookup: `CREATE USER [name] WITH SID = <sid>, TYPE = E`, where
 * the SID is the identity's client (application) id as a uniqueidentifier converted to varbinary(16) — see
 * "CREATE USER (Transact-SQL)", arguments `SID = sid` and `TYPE = [ E | X ]`
 * (https://learn.microsoft.com/sql/t-sql/statements/create-user-transact-sql). `FROM EXTERNAL PROVIDER` would
 * resolve the name through Microsoft Graph, which needs the server's identity to hold Directory Readers; the
 * SID form does not, so it works the same from a pipeline or the migration job.
 */

/** Fixed database roles the service needs: it reads and writes rows, and never changes the schema. */
export const DATABASE_USER_ROLES = ['db_datareader', 'db_datawriter'] as const

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Azure resource names of user-assigned identities: letters, digits, hyphens and underscores (3-128).
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/

export interface DatabaseUserRequest {
  /** The managed identity's name: the database user is named after it. */
  name: string
  /** The managed identity's client id (a GUID). */
  clientId: string
}

export type DatabaseUserCheck = { ok: true; request: DatabaseUserRequest } | { ok: false; field: 'name' | 'clientId'; message: string }

/** Validates the CLI input before it is placed in T-SQL. */
export function checkDatabaseUserRequest(name: string | undefined, clientId: string | undefined): DatabaseUserCheck {
  if (!name || !IDENTITY_NAME.test(name)) {
    return { ok: false, field: 'name', message: '--name must be the managed identity name (3-128 letters, digits, - or _)' }
  }
  if (!clientId || !GUID.test(clientId))
    return { ok: false, field: 'clientId', message: '--client-id must be the managed identity client id (a GUID)' }
  return { ok: true, request: { name, clientId: clientId.toLowerCase() } }
}

/**
 * The SID SQL Server derives from a GUID: `CAST(CAST('<guid>' AS uniqueidentifier) AS varbinary(16))`. A
 * uniqueidentifier stores its first three groups little-endian and the last two as written (the layout of
 * .NET's Guid.ToByteArray), so `6f9619ff-8b86-d011-…` becomes `0xFF19966F868B11D0…`.
 */
export function sqlServerSid(clientId: string): string {
  if (!GUID.test(clientId)) throw new TypeError('not a GUID')
  const hex = clientId.replaceAll('-', '').toUpperCase()
  const byte = (i: number) => hex.slice(i * 2, i * 2 + 2)
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
  return `0x${order.map(byte).join('')}`
}

const identifier = (name: string) => `[${name.replaceAll(']', ']]')}]`
const literal = (value: string) => `N'${value.replaceAll("'", "''")}'`

/**
 * The statements, each safe to run again: a user that exists with this SID is kept, role memberships are only
 * added when missing. A user of the same name with another SID (an identity deleted and recreated) stops the
 * run instead of being silently kept, since the new identity could not sign in with it.
 */
export function databaseUserStatements(request: DatabaseUserRequest): string[] {
  const sid = sqlServerSid(request.clientId)
  const user = identifier(request.name)
  const name = literal(request.name)
  const mismatch = literal(`database user ${request.name} exists with another SID; drop it (DROP USER ${user}) and run db-user again`)
  return [
    `IF EXISTS (SELECT 1 FROM sys.database_principals WHERE name = ${name} AND sid <> ${sid}) THROW 50000, ${mismatch}, 1;`,
    `IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = ${name}) CREATE USER ${user} WITH SID = ${sid}, TYPE = E;`,
    ...DATABASE_USER_ROLES.map(
      (role) =>
        `IF NOT EXISTS (SELECT 1 FROM sys.database_role_members m ` +
        `JOIN sys.database_principals r ON r.principal_id = m.role_principal_id ` +
        `JOIN sys.database_principals u ON u.principal_id = m.member_principal_id ` +
        `WHERE r.name = ${literal(role)} AND u.name = ${name}) ALTER ROLE ${identifier(role)} ADD MEMBER ${user};`,
    ),
  ]
}
