import { describe, expect, it } from 'vitest'
import { createProviderWebhooksLoader } from './load-provider-webhooks.js'

describe('createProviderWebhooksLoader', () => {
  const loader = createProviderWebhooksLoader({
    twilio: { authToken: 't' },
    plivo: { authToken: 'p', mainAccountAuthToken: undefined, allowV2Signatures: false },
  })

  it('loads each configured provider once', async () => {
    const first = await loader('twilio')
    expect(first?.provider).toBe('twilio')
    expect(await loader('twilio')).toBe(first)
    expect((await loader('plivo'))?.provider).toBe('plivo')
  })

  it('knows no other provider, including names inherited from Object', async () => {
    for (const name of ['nexmo', '', 'constructor', '__proto__', 'toString']) expect(await loader(name)).toBeNull()
  })

  it('treats a provider without configuration as unknown', async () => {
    expect(await createProviderWebhooksLoader({ twilio: null, plivo: null })('twilio')).toBeNull()
  })
})
