import { existsSync, readFileSync } from 'node:fs'
import { configSchema as serviceSchema, loadConfig as loadServiceConfig } from '@sms-notification/container-app'
import { configSchema as functionSchema, loadConfig as loadFunctionConfig } from '@sms-notification/function'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { resolveComposeValue } from '../src/index.js'
import { inRepo } from './support/paths.js'

interface ComposeService {
  image?: string
  build?: { context: string; dockerfile: string }
  command?: string[]
  environment?: Record<string, string | number | boolean>
  depends_on?: Record<string, { condition: string }>
  volumes?: string[]
  stop_grace_period?: string
}

const composePath = inRepo('deploy/local/docker-compose.yml')
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }
const services = compose.services
const envOf = (name: string) =>
  Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, resolveComposeValue(String(v))]))

interface EmulatorEntity {
  Name: string
  Properties: Record<string, unknown>
  Subscriptions?: EmulatorEntity[]
}
const emulatorConfig = JSON.parse(readFileSync(inRepo('deploy/local/servicebus-config.json'), 'utf8')) as {
  UserConfig: { Namespaces: Array<{ Name: string; Queues: EmulatorEntity[]; Topics: EmulatorEntity[] }> }
}

// The function's local runner reads these itself, outside the function's configuration schema.
const localRunner = readFileSync(inRepo('deploy/function/src/local-runner.ts'), 'utf8')
const runnerVariables = new Set([...localRunner.matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1]!))

describe('local stack (deploy/local/docker-compose.yml)', () => {
  it('runs SQL Server, the Service Bus emulator, the service and the function runner', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['sqlserver', 'servicebus', 'service', 'function', 'migrate']))
    expect(services.servicebus!.image).toMatch(/^mcr\.microsoft\.com\/azure-messaging\/servicebus-emulator:/)
    expect(services.sqlserver!.image).toMatch(/^mcr\.microsoft\.com\/mssql\/server:/)
  })

  it('builds the service from its Dockerfile and the function runner from one that exists', () => {
    for (const name of ['service', 'function']) {
      const build = services[name]!.build!
      const context = inRepo('deploy/local', build.context)
      expect(context).toBe(inRepo())
      expect(existsSync(inRepo(build.dockerfile)), build.dockerfile).toBe(true)
    }
    expect(services.service!.build!.dockerfile).toBe('deploy/container-app/Dockerfile')
  })

  it('configures the service with variables it knows and everything it requires', () => {
    const env = envOf('service')
    const known = new Set(Object.keys(serviceSchema.shape))
    expect(Object.keys(env).filter((n) => !known.has(n))).toEqual([])
    const config = loadServiceConfig(env)
    expect(config.queueMode).toBe('servicebus')
    expect(config.generatedTokens).toEqual({})
    expect(config.env.SERVICEBUS_CONNECTION_STRING).toMatch(/UseDevelopmentEmulator=true/)
    expect(config.env.SERVICEBUS_CONNECTION_STRING).toMatch(/^Endpoint=sb:\/\/servicebus[;:]/)
    expect(config.env.DATABASE_URL).toMatch(/^mssql:\/\/[^@]+@sqlserver:1433\//)
  })

  it('runs migrations before the service starts, with the same database', () => {
    expect(services.migrate!.command).toEqual(['node', 'dist/src/cli.js', 'migrate'])
    expect(envOf('migrate').DATABASE_URL).toBe(envOf('service').DATABASE_URL)
    expect(services.service!.depends_on?.migrate?.condition).toBe('service_completed_successfully')
  })

  it('configures the function runner with variables it knows and points it at the service', () => {
    const env = envOf('function')
    const known = new Set([...Object.keys(functionSchema.shape), ...runnerVariables])
    expect(Object.keys(env).filter((n) => !known.has(n))).toEqual([])
    const config = loadFunctionConfig(env)
    expect(config.serviceUrl).toBe(`http://service:${envOf('service').PORT}`)
    expect(config.internalApiToken).toBe(envOf('service').INTERNAL_API_TOKEN)
    expect(env.HOST).toBe('0.0.0.0')
  })

  it('gives the service longer to stop than its shutdown grace', () => {
    const grace = /^(\d+)s$/.exec(services.service!.stop_grace_period ?? '')
    expect(grace).not.toBeNull()
    expect(Number(grace![1]) * 1000).toBeGreaterThan(loadServiceConfig(envOf('service')).env.SHUTDOWN_GRACE_MS)
  })

  it('declares every entity the service uses in the emulator config, within the emulator limits', () => {
    expect(services.servicebus!.volumes).toContain('./servicebus-config.json:/ServiceBus_Emulator/ConfigFiles/Config.json')
    const env = loadServiceConfig(envOf('service')).env
    const [namespace] = emulatorConfig.UserConfig.Namespaces
    expect(namespace!.Name).toBe('sbemulatorns')
    const topic = namespace!.Topics.find((t) => t.Name === env.SERVICEBUS_TOPIC)
    expect(topic?.Subscriptions?.map((s) => s.Name)).toContain(env.SERVICEBUS_SUBSCRIPTION)
    expect(namespace!.Queues.map((q) => q.Name)).toContain(env.SERVICEBUS_RETRY_QUEUE)
    const optOut = namespace!.Topics.find((t) => t.Name === env.SERVICEBUS_OPTOUT_TOPIC)
    expect(optOut?.Properties.RequiresDuplicateDetection).toBe(true)
    const withLocks = [...namespace!.Queues, ...namespace!.Topics.flatMap((t) => t.Subscriptions ?? [])]
    for (const entity of withLocks) {
      expect(entity.Properties.MaxDeliveryCount as number, entity.Name).toBeLessThanOrEqual(10)
      expect(entity.Properties.LockDuration, entity.Name).toMatch(/^PT([1-5]M|[1-9][0-9]?S)$/)
      expect(entity.Properties.DeadLetteringOnMessageExpiration, entity.Name).toBe(true)
    }
  })
})
