import { describe, expect, it } from 'vitest'
import { checkDatabaseUserRequest, databaseUserStatements, sqlServerSid } from './database-user.js'

const CLIENT_ID = '6f9619ff-8b86-d011-b42d-00c04fc964ff'
const SID = '0xFF19966F868B11D0B42D00C04FC964FF'

describe('sqlServerSid', () => {
  it('lays the GUID out as SQL Server casts a uniqueidentifier to varbinary(16)', () => {
    // CAST(CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier) AS varbinary(16)) = 0xFF19966F868B11D0B42D00C04FC964FF
    expect(sqlServerSid(CLIENT_ID)).toBe(SID)
    expect(sqlServerSid(CLIENT_ID.toUpperCase())).toBe(SID)
    expect(sqlServerSid('00112233-4455-6677-8899-aabbccddeeff')).toBe('0x33221100554477668899AABBCCDDEEFF')
  })

  it('refuses anything but a GUID', () => {
    expect(() => sqlServerSid('6f9619ff8b86d011b42d00c04fc964ff')).toThrow(TypeError)
  })
})

describe('databaseUserStatements', () => {
  const statements = databaseUserStatements({ name: 'id-sms-notification', clientId: CLIENT_ID })

  it('creates the Entra user from the SID only when no user of that name exists', () => {
    expect(statements[1]).toBe(
      `IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'id-sms-notification') CREATE USER [id-sms-notification] WITH SID = ${SID}, TYPE = E;`,
    )
  })

  it('stops when the name belongs to another SID instead of keeping a user the identity cannot use', () => {
    expect(statements[0]).toMatch(
      new RegExp(
        `^IF EXISTS \\(SELECT 1 FROM sys\\.database_principals WHERE name = N'id-sms-notification' AND sid <> ${SID}\\) THROW 50000, N'`,
      ),
    )
  })

  it('grants db_datareader and db_datawriter, each only when missing, and nothing more', () => {
    const grants = statements.slice(2)
    expect(grants).toHaveLength(2)
    expect(grants.map((g) => /ALTER ROLE \[(\w+)\] ADD MEMBER \[id-sms-notification\];$/.exec(g)?.[1])).toEqual([
      'db_datareader',
      'db_datawriter',
    ])
    for (const g of grants)
      expect(g).toMatch(
        /^IF NOT EXISTS \(SELECT 1 FROM sys\.database_role_members m .*WHERE r\.name = N'db_\w+' AND u\.name = N'id-sms-notification'\)/,
      )
    expect(statements.join('\n')).not.toMatch(/db_owner|db_ddladmin|GRANT /)
  })
})

describe('checkDatabaseUserRequest', () => {
  it('accepts an identity name and a client id, normalising the GUID', () => {
    expect(checkDatabaseUserRequest('id_sms-app', CLIENT_ID.toUpperCase())).toEqual({
      ok: true,
      request: { name: 'id_sms-app', clientId: CLIENT_ID },
    })
  })

  it.each([
    [undefined, CLIENT_ID, 'name'],
    ["x'; DROP TABLE SmsConsent;--", CLIENT_ID, 'name'],
    ['ab]', CLIENT_ID, 'name'],
    ['id-sms', undefined, 'clientId'],
    ['id-sms', 'not-a-guid', 'clientId'],
  ])('rejects name %j / client id %j naming %s', (name, clientId, field) => {
    expect(checkDatabaseUserRequest(name, clientId)).toMatchObject({ ok: false, field })
  })
})
