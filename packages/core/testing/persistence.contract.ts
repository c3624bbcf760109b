import { describeConsentEventOutboxContract } from './consent-event-outbox.contract.js'
import { describeConsentRepositoryContract } from './consent-repository.contract.js'
import type { PersistenceContractOptions } from './fixtures.js'
import { describeSenderPacerContract } from './sender-pacer.contract.js'
import { describeSendHistoryRepositoryContract } from './send-history-repository.contract.js'
import { describeVenuePhoneNumberRepositoryContract } from './venue-phone-number-repository.contract.js'

/** Every persistence port's contract against one store. */
export function describePersistenceContract(options: PersistenceContractOptions): void {
  describeConsentRepositoryContract(options)
  describeConsentEventOutboxContract(options)
  describeSendHistoryRepositoryContract(options)
  describeVenuePhoneNumberRepositoryContract(options)
  describeSenderPacerContract(options)
}
