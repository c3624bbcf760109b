import { describe, expect, it } from 'vitest'
import { DatabaseUrlError, parseDatabaseUrl } from './database-url.js'

describe('parseDatabaseUrl', () => {
  it('reads the SQLite forms', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' })
    expect(parseDatabaseUrl('sqlite:./data/sms.db')).toEqual({ dialect: 'sqlite', filename: './data/sms.db' })
    expect(parseDatabaseUrl('sqlite:///var/lib/sms/sms.db')).toEqual({ dialect: 'sqlite', filename: '/var/lib/sms/sms.db' })
    expect(parseDatabaseUrl('SQLITE:data.db')).toEqual({ dialect: 'sqlite', filename: 'data.db' })
  })

  it('reads PostgreSQL URLs, taking the schema out of the connection string', () => {
    expect(parseDatabaseUrl('postgres://u:p@db:5432/sms')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u:p@db:5432/sms',
      schema: null,
    })
    const withSchema = parseDatabaseUrl('postgresql://u@db/sms?schema=tenant_1&sslmode=require')
    expect(withSchema).toEqual({ dialect: 'postgres', connectionString: 'postgresql://u@db/sms?sslmode=require', schema: 'tenant_1' })
  })

  it('reads SQL Server URLs with SQL authentication and secure defaults', () => {
    expect(parseDatabaseUrl('mssql://sa:p%40ss@sql.example.net:14330/sms')).toMatchObject({
      dialect: 'mssql',
      server: 'sql.example.net',
      port: 14330,
      database: 'sms',
      authentication: { type: 'sql', userName: 'sa', password: 'p@ss' },
      encrypt: true,
      trustServerCertificate: false,
    })
    expect(parseDatabaseUrl('sqlserver://sa:x@localhost/sms?encrypt=false&trustServerCertificate=true&requestTimeout=30000')).toMatchObject(
      {
        port: 1433,
        encrypt: false,
        trustServerCertificate: true,
        requestTimeoutMs: 30_000,
      },
    )
  })

  it('reads Microsoft Entra (managed identity / default credential) SQL Server URLs', () => {
    expect(parseDatabaseUrl('mssql://my-server.database.windows.net/sms?authentication=azure-active-directory-default')).toMatchObject({
      authentication: { type: 'azure-active-directory-default' },
    })
    expect(
      parseDatabaseUrl('mssql://my-server.database.windows.net/sms?authentication=azure-active-directory-default&clientId=1111'),
    ).toMatchObject({
      authentication: { type: 'azure-active-directory-default', clientId: '1111' },
    })
  })

  it.each([
    [undefined, /empty/],
    ['', /empty/],
    ['mysql://u@h/db', /unsupported scheme "mysql:"/],
    ['just-a-path.db', /unsupported scheme/],
    ['sqlite:', /no file path/],
    ['postgres://', /not a valid postgres URL|no host/],
    ['postgres://u@h/db?schema=bad-name;drop', /invalid schema/],
    ['mssql://u:p@h:99999/db', /not a valid mssql URL/],
    ['mssql://u:p@h', /no database name/],
    ['mssql://h/db', /needs a user/],
    ['mssql://u:p@h/db?authentication=ntlm', /authentication must be/],
    ['mssql://u:p@h/db?encrypt=maybe', /encrypt must be true or false/],
  ])('rejects %s with a clear error', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseUrlError)
    expect(() => parseDatabaseUrl(url)).toThrow(message)
  })

  it('never repeats a password in its errors', () => {
    try {
      parseDatabaseUrl('mssql://sa:TopSecret1@h/db?encrypt=maybe')
      expect.unreachable()
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('TopSecret1')
    }
  })
})
