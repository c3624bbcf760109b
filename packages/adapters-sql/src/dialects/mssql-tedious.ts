import * as Tedious from 'tedious'
import type { ConnectionConfiguration } from 'tedious'
import type { DatabaseConfig } from '../database-url.js'

type MssqlConfig = Extract<DatabaseConfig, { dialect: 'mssql' }>
type DataType = Parameters<Tedious.Request['addParameter']>[1]

// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is every ASCII code point, control characters included
const ASCII = /^[\x00-\x7f]*$/

/**
 * Kysely binds every string as nvarchar and every Date as datetime. Against the seed's varchar columns an
 * nvarchar parameter forces CONVERT_IMPLICIT on the column under SQL collations, which turns index seeks
 * into scans; datetime rounds to 1/300 s and would break lease and cursor comparisons. ASCII strings (phone
 * numbers, ids, codes) are therefore bound as varchar, other text stays nvarchar, and dates go as datetime2.
 */
class SargableRequest extends Tedious.Request {
  override addParameter(name: string, type: DataType, value?: unknown, options?: Parameters<Tedious.Request['addParameter']>[3]): void {
    let bound = type
    if (type === Tedious.TYPES.NVarChar && typeof value === 'string' && value.length <= 8000 && ASCII.test(value)) {
      bound = Tedious.TYPES.VarChar
    } else if (type === Tedious.TYPES.DateTime && value instanceof Date) {
      bound = Tedious.TYPES.DateTime2
    }
    super.addParameter(name, bound, value, options)
  }
}

export function tediousConnectionConfig(config: MssqlConfig): ConnectionConfiguration {
  const authentication =
    config.authentication.type === 'sql'
      ? { type: 'default' as const, options: { userName: config.authentication.userName, password: config.authentication.password } }
      : {
          type: 'azure-active-directory-default' as const,
          options: config.authentication.clientId ? { clientId: config.authentication.clientId } : {},
        }
  return {
    server: config.server,
    authentication,
    options: {
      port: config.port,
      database: config.database,
      encrypt: config.encrypt,
      trustServerCertificate: config.trustServerCertificate,
      connectTimeout: config.connectTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      useUTC: true,
      appName: 'sms-notification-service',
    },
  }
}

/** The `tedious` value for kysely's MssqlDialect, with the binding fixes above. */
export function tediousForKysely(connectionFactory: () => Tedious.Connection) {
  return { ...Tedious, Request: SargableRequest, connectionFactory }
}
