import {
  FailoverSmsProvider,
  providersByName,
  type Logger,
  type ProvisionOutcome,
  type SendOutcome,
  type SmsProvider,
} from '@sms-notification/core'
import { ManualClock } from '@sms-notification/core/testing'
import { SimulatedSmsProvider } from '@sms-notification/adapters-providers/simulated'
import { describe, expect, it } from 'vitest'
import { ConfigurationWatch, CONFIGURATION_OUTCOME_METRIC, isCredentialFailure } from './configuration-watch.js'

const sender = async () => ({ kind: 'sender' as const, sender: { venuePhoneNumberId: 1, phoneNumber: '+12065550100' } })

/** A provider answering each send with the next scripted outcome; `sent` when the script is empty. */
function scriptedProvider(
  name: string,
  script: Array<{ kind: 'configuration' | 'invalid-recipient'; errorCode: string }>,
  provision?: ProvisionOutcome,
): SmsProvider {
  return {
    name,
    async send(): Promise<SendOutcome> {
      const next = script.shift()
      if (next) return { provider: name, ...next }
      return { provider: name, kind: 'sent', providerMessageId: 'SM1', sender: { venuePhoneNumberId: 1, phoneNumber: '+12065550100' } }
    },
    provisionNumber: async () => provision ?? { kind: 'no-numbers', provider: name, errorCode: 'no-numbers' },
    releaseNumber: async () => ({ kind: 'released' }),
  }
}

function recordingLogger(): Logger & { lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> } {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = []
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields, message })
  const logger = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger }
  return logger
}

function recordingMetrics() {
  const increments: Array<{ name: string; tags: Record<string, unknown> | undefined }> = []
  return {
    increments,
    increment: (name: string, tags?: Record<string, unknown>) => void increments.push({ name, tags }),
    distribution() {},
    gauge() {},
  }
}

describe('ConfigurationWatch', () => {
  it('names exactly the provider-wide credential codes the adapters emit', () => {
    for (const code of ['http:401', 'http:403', 'twilio:20003']) expect(isCredentialFailure(code), code).toBe(true)
    for (const code of [
      'twilio:21608',
      'twilio:21606',
      'twilio:21212',
      'twilio:21659',
      'plivo:invalid-src',
      'no-numbers',
      'simulated:configuration',
      'http:400',
      'http:404',
    ]) {
      expect(isCredentialFailure(code), code).toBe(false)
    }
  })

  it('fails readiness for five minutes after a credential failure, and clears on a send', async () => {
    const clock = new ManualClock()
    const watch = new ConfigurationWatch(clock)
    const provider = watch.wrap(
      scriptedProvider('twilio', [
        { kind: 'configuration', errorCode: 'twilio:20003' },
        { kind: 'configuration', errorCode: 'http:401' },
      ]),
    )
    const check = watch.check()
    expect(await check.check()).toEqual({ ok: true })
    expect((await provider.send({ to: '+14155550100', body: 'hi', sender })).kind).toBe('configuration')
    expect(await check.check()).toEqual({ ok: false, detail: 'provider rejected the credentials (twilio:20003)' })
    clock.advance(5 * 60_000 + 1)
    expect((await check.check()).ok).toBe(true)
    await provider.send({ to: '+14155550100', body: 'hi', sender })
    expect(await check.check()).toEqual({ ok: false, detail: 'provider rejected the credentials (http:401)' })
    expect((await provider.send({ to: '+14155550101', body: 'hi', sender })).kind).toBe('sent')
    expect((await check.check()).ok).toBe(true)
  })

  it('never fails readiness for a per-recipient or per-number configuration outcome, but logs and counts it', async () => {
    const perMessage = ['twilio:21608', 'twilio:21606', 'twilio:21212', 'plivo:invalid-src', 'simulated:configuration']
    const logger = recordingLogger()
    const metrics = recordingMetrics()
    const watch = new ConfigurationWatch(new ManualClock(), { logger, metrics })
    const provider = watch.wrap(
      scriptedProvider(
        'twilio',
        perMessage.map((errorCode) => ({ kind: 'configuration' as const, errorCode })),
      ),
    )
    for (const _ of perMessage) expect((await provider.send({ to: '+14155550100', body: 'hi', sender })).kind).toBe('configuration')
    expect(await watch.check().check()).toEqual({ ok: true })
    expect(logger.lines.map((l) => [l.level, l.fields.errorCode])).toEqual(perMessage.map((code) => ['warn', code]))
    expect(JSON.stringify(logger.lines)).not.toContain('4155550100')
    expect(metrics.increments).toEqual(
      perMessage.map((code) => ({
        name: CONFIGURATION_OUTCOME_METRIC,
        tags: { provider: 'twilio', error_code: code, operation: 'send', provider_wide: false },
      })),
    )
  })

  it('treats a failed provisioning as per-number unless the credentials were refused', async () => {
    const noNumbers = new ConfigurationWatch(new ManualClock())
    const a = noNumbers.wrap(scriptedProvider('twilio', [], { kind: 'configuration', provider: 'twilio', errorCode: 'twilio:21631' }))
    expect((await a.provisionNumber({ venueId: 1, country: 'US' })).kind).toBe('configuration')
    expect((await noNumbers.check().check()).ok).toBe(true)
    const refused = new ConfigurationWatch(new ManualClock())
    const b = refused.wrap(scriptedProvider('plivo', [], { kind: 'configuration', provider: 'plivo', errorCode: 'http:401' }))
    await b.provisionNumber({ venueId: 1, country: 'US' })
    expect(await refused.check().check()).toEqual({ ok: false, detail: 'provider rejected the credentials (http:401)' })
  })

  it('watches each member of a failover, so provisioning through the members the core unpacks fails readiness', async () => {
    const metrics = recordingMetrics()
    const watch = new ConfigurationWatch(new ManualClock(), { metrics })
    const primary = scriptedProvider('plivo', [], { kind: 'configuration', provider: 'plivo', errorCode: 'http:401' })
    const provider = watch.wrap(new FailoverSmsProvider(primary, new SimulatedSmsProvider()))
    expect(provider.name).toBe('plivo')
    // How the orchestrator and the venue number service reach a provider to provision at it.
    const byName = providersByName(provider)
    expect([...byName.keys()]).toEqual(['plivo', 'simulated'])
    expect((await byName.get('plivo')!.provisionNumber({ venueId: 1, country: 'US' })).kind).toBe('configuration')
    expect(await watch.check().check()).toEqual({ ok: false, detail: 'provider rejected the credentials (http:401)' })
    expect(metrics.increments).toEqual([
      {
        name: CONFIGURATION_OUTCOME_METRIC,
        tags: { provider: 'plivo', error_code: 'http:401', operation: 'provision', provider_wide: true },
      },
    ])
  })

  it('keeps failing over between watched members, and a send at the secondary clears the failure', async () => {
    const clock = new ManualClock()
    const watch = new ConfigurationWatch(clock)
    const down: SmsProvider = {
      ...scriptedProvider('twilio', []),
      send: async () => ({ kind: 'transient', provider: 'twilio', errorCode: 'http:503' }),
    }
    const secondary = new SimulatedSmsProvider()
    const provider = watch.wrap(new FailoverSmsProvider(down, secondary))
    const refused = watch.wrap(scriptedProvider('plivo', [{ kind: 'configuration', errorCode: 'http:401' }]))
    await refused.send({ to: '+14155550100', body: 'hi', sender })
    expect((await watch.check().check()).ok).toBe(false)
    const outcome = await provider.send({ to: '+14155550100', body: 'hi', sender })
    expect(outcome).toMatchObject({ kind: 'sent', provider: 'simulated' })
    expect(secondary.outbox()).toHaveLength(1)
    expect((await watch.check().check()).ok).toBe(true)
  })

  it('keeps the provider name and its other methods (private fields included)', async () => {
    const simulated = new SimulatedSmsProvider()
    const provider = new ConfigurationWatch(new ManualClock()).wrap(simulated)
    expect(provider.name).toBe('simulated')
    const bought = await provider.provisionNumber({ venueId: 1, country: 'US' })
    expect(bought.kind).toBe('provisioned')
    await provider.send({ to: '+14155550100', body: 'hi', sender })
    expect(simulated.outbox()).toHaveLength(1)
  })
})
