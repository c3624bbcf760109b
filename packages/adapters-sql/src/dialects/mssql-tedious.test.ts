import * as Tedious from 'tedious'
import { describe, expect, it } from 'vitest'
import { parseDatabaseUrl } from '../database-url.js'
import { tediousConnectionConfig, tediousForKysely } from './mssql-tedious.js'

type Parameter = { name: string; type: { name: string }; value: unknown }

function bind(value: unknown, type: unknown): Parameter {
  const { Request } = tediousForKysely(() => {
    throw new Error('never connects')
  })
  const request = new Request('select 1', () => undefined)
  request.addParameter('1', type as never, value)
  return (request as unknown as { parameters: Parameter[] }).parameters[0]!
}

describe('tedious bindings for SQL Server', () => {
  it('binds ASCII strings as varchar so varchar columns keep their index seeks', () => {
    expect(bind('+14155550100', Tedious.TYPES.NVarChar).type.name).toBe('VarChar')
  })

  it('keeps nvarchar for text outside ASCII (UCS-2 messages)', () => {
    expect(bind('Thanks ’ see you 🎟', Tedious.TYPES.NVarChar).type.name).toBe('NVarChar')
  })

  it('binds dates as datetime2, not datetime (which rounds to 1/300 s)', () => {
    expect(bind(new Date('2026-01-15T12:00:00.001Z'), Tedious.TYPES.DateTime).type.name).toBe('DateTime2')
  })

  it('builds SQL authentication and Entra default-credential configurations', () => {
    const sqlAuth = tediousConnectionConfig(parseDatabaseUrl('mssql://sa:pw@h:1433/sms') as never)
    expect(sqlAuth.authentication).toEqual({ type: 'default', options: { userName: 'sa', password: 'pw' } })
    expect(sqlAuth.options).toMatchObject({ database: 'sms', port: 1433, encrypt: true, useUTC: true })
    const entra = tediousConnectionConfig(
      parseDatabaseUrl('mssql://s.database.windows.net/sms?authentication=azure-active-directory-default&clientId=abc') as never,
    )
    expect(entra.authentication).toEqual({ type: 'azure-active-directory-default', options: { clientId: 'abc' } })
  })
})
