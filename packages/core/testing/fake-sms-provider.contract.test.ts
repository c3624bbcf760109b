import { describeSmsProviderContract } from './sms-provider.contract.js'
import { FakeSmsProvider } from './fake-sms-provider.js'

describeSmsProviderContract({
  name: 'in-memory fake',
  async setup() {
    const provider = new FakeSmsProvider('fake')
      .always('+14155550101', { kind: 'opted-out', errorCode: 'fake:opted_out' })
      .always('+14155550102', { kind: 'invalid-recipient', errorCode: 'fake:invalid' })
      .always('+14155550103', { kind: 'transient', errorCode: 'http:503' })
      .always('+14155550104', { kind: 'configuration', errorCode: 'http:401' })
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
      accepted: async () => provider.sent.map(({ from, to, body }) => ({ from, to, body })),
      close: async () => {},
    }
  },
})
