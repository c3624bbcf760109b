import { silentLogger } from '@sms-notification/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { StubService } from '../../test/support/stub-service.js'
import { backoffDelay, parseRetryAfter } from './backoff.js'
import { createServiceForwarder } from './service-forwarder.js'

describe('createServiceForwarder', () => {
  const service = new StubService()
  const sleeps: number[] = []
  const forwarder = (overrides: { maxRetries?: number; timeoutMs?: number; notFoundRetries?: number } = {}) =>
    createServiceForwarder({
      serviceUrl: service.url,
      token: 'internal-token-0123456789',
      timeoutMs: overrides.timeoutMs ?? 1000,
      maxRetries: overrides.maxRetries ?? 2,
      baseDelayMs: 10,
      notFoundRetries: overrides.notFoundRetries ?? 3,
      notFoundBaseDelayMs: 400,
      logger: silentLogger,
      sleep: async (ms) => {
        sleeps.push(ms)
      },
    })

  beforeAll(() => service.start())
  afterAll(() => service.stop())
  beforeEach(() => {
    service.reset()
    sleeps.length = 0
  })

  it('posts JSON with the bearer token and correlation id', async () => {
    const result = await forwarder().post('/api/internal/consent/update', { a: 1 }, 'inv-1')
    expect(result).toEqual({ kind: 'accepted', status: 200, attempts: 1 })
    expect(service.requests).toHaveLength(1)
    expect(service.requests[0]).toMatchObject({ method: 'POST', path: '/api/internal/consent/update', body: { a: 1 } })
    expect(service.requests[0]!.headers).toMatchObject({
      authorization: 'Bearer internal-token-0123456789',
      'content-type': 'application/json',
      'x-correlation-id': 'inv-1',
    })
  })

  it('retries a 5xx and a 429, then succeeds', async () => {
    service.reply({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } })
    const result = await forwarder().post('/x', {})
    expect(result).toEqual({ kind: 'accepted', status: 200, attempts: 3 })
    expect(service.requests).toHaveLength(3)
    expect(sleeps).toHaveLength(2)
  })

  it('gives up after the configured retries with the last failure', async () => {
    service.reply({ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 })
    const result = await forwarder({ maxRetries: 2 }).post('/x', {})
    expect(result).toEqual({ kind: 'failed', reason: 'server_error', status: 503, attempts: 3 })
    expect(service.requests).toHaveLength(3)
  })

  it('times out a slow service and retries', async () => {
    service.reply({ status: 200, delayMs: 500 })
    const result = await forwarder({ timeoutMs: 100 }).post('/x', {})
    expect(result).toEqual({ kind: 'accepted', status: 200, attempts: 2 })
  })

  it('reports a timeout when every attempt is slow', async () => {
    service.reply({ status: 200, delayMs: 400 }, { status: 200, delayMs: 400 })
    const result = await forwarder({ timeoutMs: 100, maxRetries: 1 }).post('/x', {})
    expect(result).toMatchObject({ kind: 'failed', reason: 'timeout', status: null, attempts: 2 })
  })

  it('does not retry a 4xx refusal', async () => {
    service.reply({ status: 422 })
    expect(await forwarder().post('/x', {})).toEqual({ kind: 'rejected', status: 422, attempts: 1 })
    expect(service.requests).toHaveLength(1)
  })

  describe('a 404 the caller declared "not known yet"', () => {
    const unknown = {
      status: 404,
      body: { statusCode: 404, code: 'UNKNOWN_PROVIDER_MESSAGE', message: 'no send has this provider message id' },
    }
    const early = { retryNotFoundCode: 'UNKNOWN_PROVIDER_MESSAGE' }

    it('is retried until the service knows the message', async () => {
      service.reply(unknown, unknown)
      const result = await forwarder().post('/x', { id: 1 }, 'inv-2', early)
      expect(result).toEqual({ kind: 'accepted', status: 200, attempts: 3 })
      expect(service.requests.map((r) => r.body)).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }])
      // Its own budget and pace: doubling from 400 ms with equal jitter.
      expect(sleeps).toHaveLength(2)
      expect(sleeps[0]).toBeGreaterThanOrEqual(200)
      expect(sleeps[0]).toBeLessThanOrEqual(400)
      expect(sleeps[1]).toBeGreaterThanOrEqual(400)
      expect(sleeps[1]).toBeLessThanOrEqual(800)
    })

    it('is given up after its budget as a rejection carrying the code', async () => {
      service.replyAlways(unknown)
      const result = await forwarder({ notFoundRetries: 3 }).post('/x', {}, undefined, early)
      expect(result).toEqual({ kind: 'rejected', status: 404, attempts: 4, code: 'UNKNOWN_PROVIDER_MESSAGE', notYetKnown: true })
      expect(service.requests).toHaveLength(4)
    })

    it('does not use up the transient budget, nor the other way round', async () => {
      service.reply({ status: 503 }, unknown, { status: 503 }, unknown)
      const result = await forwarder({ maxRetries: 2, notFoundRetries: 2 }).post('/x', {}, undefined, early)
      expect(result).toEqual({ kind: 'accepted', status: 200, attempts: 5 })
    })

    it('is a plain rejection without the declaration, or with another code', async () => {
      service.reply(unknown)
      expect(await forwarder().post('/x', {})).toEqual({ kind: 'rejected', status: 404, attempts: 1, code: 'UNKNOWN_PROVIDER_MESSAGE' })
      service.reply({ status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'no such route' } })
      expect(await forwarder().post('/x', {}, undefined, early)).toEqual({ kind: 'rejected', status: 404, attempts: 1, code: 'NOT_FOUND' })
      service.reply({ status: 404, body: 'not json at all' })
      expect(await forwarder().post('/x', {}, undefined, early)).toEqual({ kind: 'rejected', status: 404, attempts: 1 })
      expect(service.requests).toHaveLength(3)
    })
  })

  it('fails without retrying when the service refuses the token', async () => {
    service.reply({ status: 401 })
    expect(await forwarder().post('/x', {})).toEqual({ kind: 'failed', reason: 'unauthorized', status: 401, attempts: 1 })
    expect(service.requests).toHaveLength(1)
  })

  it('reports a network failure when nothing listens', async () => {
    const closed = createServiceForwarder({
      serviceUrl: 'http://127.0.0.1:1',
      token: 't',
      timeoutMs: 500,
      maxRetries: 1,
      baseDelayMs: 1,
      logger: silentLogger,
    })
    expect(await closed.post('/x', {})).toEqual({ kind: 'failed', reason: 'network', status: null, attempts: 2 })
  })
})

describe('backoffDelay', () => {
  it('doubles per retry within equal-jitter bounds and honours a longer Retry-After up to a cap', () => {
    expect(backoffDelay(1, 100, null, () => 0)).toBe(50)
    expect(backoffDelay(1, 100, null, () => 1)).toBe(100)
    expect(backoffDelay(3, 100, null, () => 1)).toBe(400)
    expect(backoffDelay(1, 100, 700, () => 0)).toBe(700)
    expect(backoffDelay(1, 100, 60_000, () => 0)).toBe(2000)
  })

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000)
    expect(parseRetryAfter('soon')).toBeNull()
    expect(parseRetryAfter(null)).toBeNull()
  })
})
