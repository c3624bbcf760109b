import { MetricNames } from '@sms-notification/core'
import StatsDClient from 'hot-shots'
import { afterEach, describe, expect, it } from 'vitest'
import { StatsdMetrics } from './statsd-metrics.js'

describe('StatsdMetrics (hot-shots in mock mode)', () => {
  const client = new StatsDClient({ mock: true, globalTags: { env: 'test' } })
  afterEach(() => {
    client.mockBuffer?.splice(0)
  })

  it('emits counters with the seed names and tags', () => {
    new StatsdMetrics(client).increment(MetricNames.sent, { message_type: 'SendOrderConfirmationSms', provider: 'twilio' })
    expect(client.mockBuffer).toEqual(['sms.sent.total:1|c|#env:test,message_type:SendOrderConfirmationSms,provider:twilio'])
  })

  it('emits sms.send.duration as a distribution', () => {
    new StatsdMetrics(client).distribution(MetricNames.sendDuration, 123, { provider: 'plivo' })
    expect(client.mockBuffer).toEqual(['sms.send.duration:123|d|#env:test,provider:plivo'])
  })

  it('adds a prefix once, and not to names that already carry it', () => {
    const metrics = new StatsdMetrics(client, { prefix: 'sms' })
    metrics.increment(MetricNames.optOut)
    metrics.gauge('queue.depth', 4, { queue: 'embedded' })
    expect(client.mockBuffer).toEqual(['sms.opt_out.total:1|c|#env:test', 'sms.queue.depth:4|g|#env:test,queue:embedded'])
  })

  it('stringifies tag values', () => {
    new StatsdMetrics(client).increment(MetricNames.failed, { error_code: 'twilio:21211', retryable: false }, 2)
    expect(client.mockBuffer).toEqual(['sms.failed.total:2|c|#env:test,error_code:twilio:21211,retryable:false'])
  })
})
