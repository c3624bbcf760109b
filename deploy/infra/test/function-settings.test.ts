import { readFileSync } from 'node:fs'
import { configSchema, loadConfig } from '@sms-notification/function'
import { describe, expect, it } from 'vitest'
import { pathIn } from '../src/index.js'
import { asProcessEnv, deployment, functionSettings, serviceEnv, STAND_INS } from './support/deployments.js'
import { ENVIRONMENTS, inRepo } from './support/paths.js'

const known = new Set(Object.keys(configSchema.shape))
// Read by the Functions host, not by the function's code.
const isHostSetting = (name: string) => name.startsWith('AzureWebJobsStorage__') || name === 'APPLICATIONINSIGHTS_CONNECTION_STRING'

describe.each(ENVIRONMENTS)('function app settings (%s)', (env) => {
  const settings = functionSettings(env)
  const vars = asProcessEnv(settings)
  const module = deployment(env).module('webhook')
  const site = module.template.resource('site').value

  it('sets only variables the function (or its host) knows, each once', () => {
    const names = settings.map((s) => s.name)
    expect(names.filter((n) => !known.has(n) && !isHostSetting(n))).toEqual([])
    expect(new Set(names).size).toBe(names.length)
  })

  it('sets everything the function requires, with a token for every provider the service may use', () => {
    const config = loadConfig(vars)
    const providers = deployment(env).value('providers') as string[]
    expect(config.twilio !== null).toBe(providers.includes('twilio'))
    expect(config.plivo !== null).toBe(providers.includes('plivo'))
    expect(config.serviceUrl).toBe(STAND_INS['service.outputs.appUrl'])
  })

  it('reads every secret through a Key Vault reference resolved with its own identity', () => {
    for (const name of ['INTERNAL_API_TOKEN', 'TWILIO_AUTH_TOKEN', 'PLIVO_AUTH_TOKEN']) {
      const setting = settings.find((s) => s.name === name)
      if (!setting) continue
      expect(setting.value, name).toMatch(/^@Microsoft\.KeyVault\(SecretUri=https:\/\/.+\/secrets\/[a-z-]+\/\)$/)
    }
    expect(module.evaluate(pathIn(site, ['properties', 'keyVaultReferenceIdentity']))).toBe(module.scope('webhookIdentityId'))
  })

  it('uses the same internal token secret as the service', () => {
    const functionSecret = /secrets\/([^/]+)\//.exec(settings.find((s) => s.name === 'INTERNAL_API_TOKEN')!.value!)![1]
    const serviceSecret = serviceEnv(env).find((e) => e.name === 'INTERNAL_API_TOKEN')!.secretRef
    expect(functionSecret).toBe(serviceSecret)
  })

  it('gives the service callback URLs the function actually serves', () => {
    const service = asProcessEnv(serviceEnv(env))
    const base = loadConfig(vars).publicBaseUrl
    const provider = service.SMS_PROVIDER
    const host = JSON.parse(readFileSync(inRepo('deploy/function/host.json'), 'utf8')) as { extensions: { http: { routePrefix: string } } }
    const routes = readFileSync(inRepo('deploy/function/src/functions/webhooks.ts'), 'utf8')
    const prefix = host.extensions.http.routePrefix
    expect(routes).toContain(`route: '{provider}/status'`)
    expect(routes).toContain(`route: '{provider}/webhook'`)
    expect(service.STATUS_CALLBACK_URL).toBe(`${base}/${prefix}/${provider}/status`)
    expect(service.INBOUND_WEBHOOK_URL).toBe(`${base}/${prefix}/${provider}/webhook`)
  })

  it('runs Node 20 on the Flex Consumption plan, integrated into the VNet', () => {
    const runtime = module.evaluate(pathIn(site, ['properties', 'functionAppConfig', 'runtime'])) as { name: string; version: string }
    expect(runtime).toEqual({ name: 'node', version: '20' })
    expect(module.evaluate(pathIn(site, ['properties', 'virtualNetworkSubnetId']))).toBe(STAND_INS['network.outputs.functionSubnetId'])
    const plan = module.template.resource('plan').value
    expect(module.evaluate(pathIn(plan, ['sku', 'tier']))).toBe('FlexConsumption')
    // The v4 programming model: the package's entry point registers the functions, and the SDK is a runtime dependency.
    const pkg = JSON.parse(readFileSync(inRepo('deploy/function/package.json'), 'utf8')) as {
      main: string
      dependencies: Record<string, string>
    }
    expect(pkg.main).toMatch(/^dist\/src\/functions\//)
    expect(pkg.dependencies['@azure/functions']).toMatch(/^4\./)
  })
})
