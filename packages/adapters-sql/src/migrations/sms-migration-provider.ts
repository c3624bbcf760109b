import type { Migration, MigrationProvider } from 'kysely'
import type { SqlDialectName } from '../dialects/sql-dialect-name.js'
import { lookupTables } from './0001-lookup-tables.js'
import { venuePhoneNumbers } from './0002-venue-phone-numbers.js'
import { smsConsent } from './0003-sms-consent.js'
import { smsSendHistory } from './0004-sms-send-history.js'
import { smsConsentChanges } from './0005-consent-changes.js'
import { smsConsentOutbox } from './0006-consent-outbox.js'
import { venueNumberProvisioning } from './0007-venue-number-provisioning.js'
import { traceContext } from './0008-trace-context.js'
import { outboxPhoneOrder } from './0009-outbox-phone-order.js'
import { senderPacing } from './0010-sender-pacing.js'
import { columnTypes } from './column-types.js'

/**
 * Migrations live in code rather than in a folder the Migrator reads, so they work the same from sources,
 * from dist and from a bundle. Names sort in the order they must run.
 */
export class SmsMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: SqlDialectName) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const types = columnTypes(this.dialect)
    return {
      '0001_lookup_tables': lookupTables(types),
      '0002_venue_phone_numbers': venuePhoneNumbers(types),
      '0003_sms_consent': smsConsent(types),
      '0004_sms_send_history': smsSendHistory(types),
      '0005_sms_consent_changes': smsConsentChanges(types),
      '0006_sms_consent_outbox': smsConsentOutbox(types),
      '0007_venue_number_provisioning': venueNumberProvisioning(types),
      '0008_trace_context': traceContext(types),
      '0009_outbox_phone_order': outboxPhoneOrder(),
      '0010_sender_pacing': senderPacing(types),
    }
  }
}
