import { createSocket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDogStatsdMetrics } from './dogstatsd-metrics.js'

describe('createDogStatsdMetrics', () => {
  const server = createSocket('udp4')
  const received: string[] = []
  let port = 0

  beforeAll(async () => {
    server.on('message', (msg) => received.push(msg.toString()))
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => server.close())

  async function nextLines(count: number): Promise<string[]> {
    const deadline = Date.now() + 2000
    while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    return received.splice(0, count)
  }

  it('sends counters, distributions and gauges with global and per-call tags', async () => {
    const metrics = createDogStatsdMetrics({ host: '127.0.0.1', port, tags: { service: 'fn', env: 'test' } })
    metrics.increment('sms.webhook.signature_failure.total', { provider: 'twilio' })
    const [counter] = await nextLines(1)
    metrics.distribution('sms.forward.duration', 12.5)
    const [distribution] = await nextLines(1)
    metrics.gauge('g', 3, { 'a|b': 'c,d' })
    const [gauge] = await nextLines(1)
    metrics.close()
    expect(counter).toBe('sms.webhook.signature_failure.total:1|c|#service:fn,env:test,provider:twilio')
    expect(distribution).toBe('sms.forward.duration:12.5|d|#service:fn,env:test')
    expect(gauge).toBe('g:3|g|#service:fn,env:test,a_b:c_d')
  })

  it('does not throw when nothing listens', () => {
    const metrics = createDogStatsdMetrics({ host: '127.0.0.1', port: 9 })
    expect(() => metrics.increment('x')).not.toThrow()
    metrics.close()
  })
})
