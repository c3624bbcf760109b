import { configSchema, loadConfig } from '@sms-notification/container-app'
import { describe, expect, it } from 'vitest'
import { evaluate, namedEntries, pathIn } from '../src/index.js'
import { asProcessEnv, deployment, serviceEnv } from './support/deployments.js'
import { ENVIRONMENTS } from './support/paths.js'

const known = new Set(Object.keys(configSchema.shape))
const schemaDefault = (name: keyof typeof configSchema.shape) => configSchema.shape[name].parse(undefined) as unknown

describe.each(ENVIRONMENTS)('container app settings (%s)', (env) => {
  const entries = serviceEnv(env)
  const vars = asProcessEnv(entries)
  const module = deployment(env).module('service')
  const app = module.template.resource('app').value

  it('sets only variables the service knows, each once', () => {
    const names = entries.map((e) => e.name)
    expect(names.filter((n) => !known.has(n))).toEqual([])
    expect(new Set(names).size).toBe(names.length)
  })

  it('sets everything the service requires in a Service Bus deployment', () => {
    const config = loadConfig(vars)
    expect(config.queueMode).toBe('servicebus')
    expect(config.runMigrations).toBe(false)
    // Nothing was generated: a deployment brings its own tokens.
    expect(config.generatedTokens).toEqual({})
    expect(config.env.SMS_PROVIDER).toBe(deployment(env).value('smsProvider'))
  })

  it('takes every secret from a Key Vault reference of the app, never a literal', () => {
    const secrets = module.evaluate(pathIn(app, ['properties', 'configuration', 'secrets'])) as Array<Record<string, string>>
    const declared = new Map(secrets.map((s) => [s.name, s]))
    for (const e of entries.filter((x) => x.secretRef !== undefined)) {
      expect(declared.has(e.secretRef!), `${e.name} -> ${e.secretRef}`).toBe(true)
    }
    for (const name of ['INTERNAL_API_TOKEN', 'API_TOKENS', 'TWILIO_AUTH_TOKEN', 'PLIVO_AUTH_TOKEN']) {
      const entry = entries.find((e) => e.name === name)
      if (!entry) continue
      expect(entry.secretRef, name).toBeDefined()
      expect(declared.get(entry.secretRef!)?.keyVaultUrl, name).toMatch(/^https:\/\/.+\/secrets\/[a-z-]+$/)
    }
  })

  it('names the same topic and subscription in the KEDA rule as the service consumes', () => {
    const rules = module.evaluate(pathIn(app, ['properties', 'template', 'scale', 'rules'])) as Array<Record<string, any>>
    const keda = rules.filter((r) => r.custom?.type === 'azure-servicebus')
    expect(keda).toHaveLength(1)
    const metadata = keda[0]!.custom.metadata
    expect(metadata.topicName).toBe(vars.SERVICEBUS_TOPIC)
    expect(metadata.subscriptionName).toBe(vars.SERVICEBUS_SUBSCRIPTION)
    expect(`${metadata.namespace}.servicebus.windows.net`).toBe(vars.SERVICEBUS_NAMESPACE)
    expect(Number(metadata.messageCount)).toBeGreaterThan(0)
    // Authenticated by a managed identity the app carries, not by a connection string.
    expect(keda[0]!.custom.identity).toBe(module.scope('scalerIdentityId'))
    expect(keda[0]!.custom.auth).toBeUndefined()
    const identities = Object.keys(module.evaluate(pathIn(app, ['identity', 'userAssignedIdentities'])) as object)
    expect(identities).toContain(keda[0]!.custom.identity)
  })

  it('gives in-flight work longer than the service shutdown grace before SIGKILL', () => {
    const terminationGraceSeconds = module.evaluate(pathIn(app, ['properties', 'template', 'terminationGracePeriodSeconds'])) as number
    const shutdownGraceMs = loadConfig(vars).env.SHUTDOWN_GRACE_MS
    expect(terminationGraceSeconds * 1000).toBeGreaterThan(shutdownGraceMs)
    // Room for closing the HTTP server, the outbox relay and the database after the drain.
    expect(terminationGraceSeconds * 1000 - shutdownGraceMs).toBeGreaterThanOrEqual(10_000)
  })

  it('probes /healthz/live and /healthz/ready on the port the service listens on', () => {
    const container = pathIn(app, ['properties', 'template', 'containers', { name: 'service' }])
    const probes = module.evaluate(pathIn(container, ['probes'])) as Array<{ type: string; httpGet: { path: string; port: number } }>
    const byType = new Map(probes.map((p) => [p.type, p.httpGet]))
    expect(byType.get('Liveness')?.path).toBe('/healthz/live')
    expect(byType.get('Readiness')?.path).toBe('/healthz/ready')
    const port = loadConfig(vars).env.PORT
    for (const probe of probes) expect(probe.httpGet.port).toBe(port)
    expect(module.evaluate(pathIn(app, ['properties', 'configuration', 'ingress', 'targetPort']))).toBe(port)
  })

  it('keeps the ingress off the internet: the environment has an internal load balancer', () => {
    const environment = module.template.resource('managedEnvironment').value
    expect(module.evaluate(pathIn(environment, ['properties', 'vnetConfiguration', 'internal']))).toBe(true)
    expect(module.evaluate(pathIn(app, ['properties', 'configuration', 'ingress', 'allowInsecure']))).toBe(false)
    // At least one replica answers the internal API even when no event waits.
    expect(module.evaluate(pathIn(app, ['properties', 'template', 'scale', 'minReplicas']))).toBeGreaterThanOrEqual(1)
  })

  it('sends metrics to the agent sidecar under the names the monitors query', () => {
    const config = loadConfig(vars)
    expect(config.metricsEnabled).toBe(true)
    expect(config.env.DD_AGENT_HOST).toBe('127.0.0.1')
    expect(config.env.METRICS_PREFIX).toBe('')
    const containers = module.evaluate(pathIn(app, ['properties', 'template', 'containers'])) as Array<{ name: string; image: string }>
    expect(containers.map((c) => c.name)).toContain('datadog-agent')
    const agentEnv = namedEntries(module.evaluate(pathIn(app, ['properties', 'template', 'containers', { name: 'datadog-agent' }, 'env'])))
    expect(agentEnv.find((e) => e.name === 'DD_API_KEY')?.secretRef).toBeDefined()
  })
})

describe('template defaults', () => {
  it('match the service defaults for every Service Bus entity name', () => {
    const main = deployment('dev').main
    const defaultOf = (param: string) => evaluate(main.param(param).defaultValue!, () => undefined)
    expect(defaultOf('orderTopicName')).toBe(schemaDefault('SERVICEBUS_TOPIC'))
    expect(defaultOf('orderSubscriptionName')).toBe(schemaDefault('SERVICEBUS_SUBSCRIPTION'))
    expect(defaultOf('retryQueueName')).toBe(schemaDefault('SERVICEBUS_RETRY_QUEUE'))
    expect(defaultOf('optOutTopicName')).toBe(schemaDefault('SERVICEBUS_OPTOUT_TOPIC'))
  })

  it('keep the termination grace above the service default shutdown grace', () => {
    const main = deployment('dev').main
    const seconds = evaluate(main.param('terminationGracePeriodSeconds').defaultValue!, () => undefined) as number
    expect(seconds * 1000).toBeGreaterThan(schemaDefault('SHUTDOWN_GRACE_MS') as number)
    expect(evaluate(main.param('shutdownGraceMs').defaultValue!, () => undefined)).toBe(schemaDefault('SHUTDOWN_GRACE_MS'))
  })

  it('fail a deployment that would lose the provider credentials (the check can fail)', () => {
    const vars = asProcessEnv(serviceEnv('prod'))
    delete vars.PLIVO_AUTH_ID
    expect(() => loadConfig(vars)).toThrow(/PLIVO_AUTH_ID/)
  })
})
