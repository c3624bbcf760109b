import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

/**
 * The W3C trace context (`traceparent`, 55 characters in version 00) of the message behind a send and of the
 * request or message behind a consent change, so a history row or an audit entry leads to its distributed
 * trace. Nullable and without a default, so adding it changes only the catalog on every dialect and never
 * rewrites the history table; rows written before it read as null.
 */
export function traceContext(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('SmsSendHistory').addColumn('TraceParent', types.varchar(55)).execute()
      await db.schema.alterTable('SmsConsentChanges').addColumn('TraceParent', types.varchar(55)).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('SmsConsentChanges').dropColumn('TraceParent').execute()
      await db.schema.alterTable('SmsSendHistory').dropColumn('TraceParent').execute()
    },
  }
}
