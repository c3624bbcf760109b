import { describe, expect, it } from 'vitest'
import { signedUrlFor } from './public-url.js'

describe('signedUrlFor', () => {
  it('keeps the configured scheme and host and the path and query as received', () => {
    expect(signedUrlFor('https://hooks.example.com', 'http://10.0.0.7:7071/api/twilio/webhook?b=2&a=%27x%27')).toBe(
      'https://hooks.example.com/api/twilio/webhook?b=2&a=%27x%27',
    )
  })

  it('keeps a path prefix of the public URL (a gateway mounting the function under /sms)', () => {
    expect(signedUrlFor('https://gw.example.com/sms', 'https://fn.azurewebsites.net/api/plivo/status')).toBe(
      'https://gw.example.com/sms/api/plivo/status',
    )
  })

  it('drops a fragment and copes with a bare path', () => {
    expect(signedUrlFor('https://h.test', 'https://x/api/a/webhook#frag')).toBe('https://h.test/api/a/webhook')
    expect(signedUrlFor('https://h.test', '/api/a/webhook?x=1')).toBe('https://h.test/api/a/webhook?x=1')
  })
})
