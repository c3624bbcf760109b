import { describeSmsProviderContract } from '@sms-notification/core/testing'
import { SimulatedSmsProvider } from './simulated-sms-provider.js'

describeSmsProviderContract({
  name: 'simulated',
  async setup() {
    const provider = new SimulatedSmsProvider({
      failures: { '+14155550101': 'opted-out', '+14155550102': 'invalid-recipient', '+14155550103': 'transient' },
    })
    provider.failRecipient('+14155550104', 'configuration')
    return {
      provider,
      recipients: {
        ok: '+14155550100',
        optedOut: '+14155550101',
        invalid: '+14155550102',
        transient: '+14155550103',
        configuration: '+14155550104',
      },
      provisionCountry: 'US',
      accepted: async () => provider.outbox().map(({ from, to, body }) => ({ from, to, body })),
      close: async () => {},
    }
  },
})
