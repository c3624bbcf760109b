import { silentLogger } from '@sms-notification/core'
import { ManualClock, RecordingLogger } from '@sms-notification/core/testing'
import { describe, expect, it } from 'vitest'
import { ReceiverWatchdog, type WatchedReceiver } from './receiver-watchdog.js'
import { isMissingRightsError } from './service-bus-errors.js'

/** As the administration client throws it (a core-rest-pipeline RestError): the fields we read, no more. */
function restError(statusCode: number, code: string): Error {
  return Object.assign(new Error('Unauthorized: Manage,EntityRead claims required for this operation.'), {
    name: 'RestError',
    statusCode,
    code,
  })
}

function receiver(source: string, clock: ManualClock, lastAt: Date, inFlight = 0): WatchedReceiver & { restarts: number } {
  const r = {
    source,
    restarts: 0,
    lastActivityAt: () => lastAt,
    inFlight: () => inFlight,
    restart: async () => {
      r.restarts++
      lastAt = clock.now()
    },
  }
  return r
}

describe('ReceiverWatchdog', () => {
  it('restarts only a receiver that is silent, idle and has messages waiting', async () => {
    const clock = new ManualClock()
    const start = clock.now()
    const silentWithWork = receiver('subscription', clock, start)
    const silentNoWork = receiver('retry', clock, start)
    const busy = receiver('busy', clock, start, 2)
    const watchdog = new ReceiverWatchdog({
      silenceMs: 60_000,
      intervalMs: 1_000,
      probe: async (source) => (source === 'retry' ? 0 : 5),
      logger: silentLogger,
      clock,
      receivers: () => [silentWithWork, silentNoWork, busy],
    })
    expect(await watchdog.check()).toEqual([])
    clock.advance(60_000)
    expect(await watchdog.check()).toEqual(['subscription'])
    expect([silentWithWork.restarts, silentNoWork.restarts, busy.restarts]).toEqual([1, 0, 0])
    // Restarting counts as activity: no second restart right away.
    expect(await watchdog.check()).toEqual([])
  })

  it('does nothing when the waiting count is unknown or cannot be read', async () => {
    const clock = new ManualClock()
    const a = receiver('subscription', clock, new Date(0))
    const b = receiver('retry', clock, new Date(0))
    const watchdog = new ReceiverWatchdog({
      silenceMs: 1,
      intervalMs: 1_000,
      probe: async (source) => {
        if (source === 'retry') throw new Error('403')
        return null
      },
      logger: silentLogger,
      clock,
      receivers: () => [a, b],
    })
    expect(await watchdog.check()).toEqual([])
    expect(a.restarts + b.restarts).toBe(0)
  })

  it('falls back to silence-only detection, once and with one warning, when the probe lacks rights', async () => {
    const clock = new ManualClock()
    const a = receiver('subscription', clock, clock.now())
    const b = receiver('retry', clock, clock.now())
    const logger = new RecordingLogger()
    let probes = 0
    const watchdog = new ReceiverWatchdog({
      silenceMs: 60_000,
      intervalMs: 1_000,
      probe: async () => {
        probes++
        throw restError(401, 'UnauthorizedRequestError')
      },
      isMissingRightsError,
      logger,
      clock,
      receivers: () => [a, b],
    })
    expect(watchdog.detection).toBe('waiting-messages')
    clock.advance(60_000)
    // Both are silent: the first refusal switches the mode, and both are recreated on their silence alone.
    expect(await watchdog.check()).toEqual(['subscription', 'retry'])
    expect(watchdog.detection).toBe('silence-only')
    clock.advance(60_000)
    expect(await watchdog.check()).toEqual(['subscription', 'retry'])
    expect(probes).toBe(1)
    const warnings = logger.lines.filter((l) => l.level === 'warn')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!.message).toMatch(/silence-only/)
    expect(warnings[0]!.fields).toMatchObject({ error: { statusCode: 401, code: 'UnauthorizedRequestError' } })
    // The error's own text never reaches the log.
    expect(logger.text()).not.toContain('claims required')
  })

  it('keeps probing after an error that is not about rights, without falling back', async () => {
    const clock = new ManualClock()
    const a = receiver('subscription', clock, new Date(0))
    const logger = new RecordingLogger()
    let probes = 0
    const watchdog = new ReceiverWatchdog({
      silenceMs: 1,
      intervalMs: 1_000,
      probe: async () => {
        probes++
        throw restError(503, 'ServerBusyError')
      },
      isMissingRightsError,
      logger,
      clock,
      receivers: () => [a],
    })
    expect(await watchdog.check()).toEqual([])
    expect(await watchdog.check()).toEqual([])
    expect(probes).toBe(2)
    expect(watchdog.detection).toBe('waiting-messages')
    expect(a.restarts).toBe(0)
    expect(logger.lines.map((l) => l.message)).toEqual([
      'could not read the waiting message count',
      'could not read the waiting message count',
    ])
  })

  it('without a probe, recreates a silent idle receiver but neither a busy nor a recently active one', async () => {
    const clock = new ManualClock()
    const start = clock.now()
    const silent = receiver('subscription', clock, start)
    const busy = receiver('busy', clock, start, 1)
    const watchdog = new ReceiverWatchdog({
      silenceMs: 60_000,
      intervalMs: 1_000,
      logger: silentLogger,
      clock,
      receivers: () => [silent, busy],
    })
    expect(watchdog.detection).toBe('silence-only')
    clock.advance(59_999)
    expect(await watchdog.check()).toEqual([])
    clock.advance(1)
    expect(await watchdog.check()).toEqual(['subscription'])
    expect(busy.restarts).toBe(0)
  })
})

describe('isMissingRightsError', () => {
  it('recognises the administration client refusing for want of rights, and nothing else', () => {
    expect(isMissingRightsError(restError(401, 'UnauthorizedRequestError'))).toBe(true)
    expect(isMissingRightsError(restError(403, 'QuotaExceededError'))).toBe(true)
    expect(isMissingRightsError(restError(404, 'MessageEntityNotFoundError'))).toBe(false)
    expect(isMissingRightsError(restError(503, 'ServerBusyError'))).toBe(false)
    expect(isMissingRightsError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false)
    expect(isMissingRightsError(undefined)).toBe(false)
  })
})
