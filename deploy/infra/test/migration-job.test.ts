import { readFileSync } from 'node:fs'
import { configSchema, loadConfig } from '@sms-notification/container-app'
import { describe, expect, it } from 'vitest'
import { pathIn } from '../src/index.js'
import { asProcessEnv, deployment, migrationEnv, STAND_INS } from './support/deployments.js'
import { ENVIRONMENTS, inRepo } from './support/paths.js'

const dockerfile = readFileSync(inRepo('deploy/container-app/Dockerfile'), 'utf8')
const cliSource = readFileSync(inRepo('deploy/container-app/src/cli/run-cli.ts'), 'utf8')
const pkg = JSON.parse(readFileSync(inRepo('deploy/container-app/package.json'), 'utf8')) as { bin: Record<string, string> }

describe.each(ENVIRONMENTS)('migration job (%s)', (env) => {
  const module = deployment(env).module('migrations')
  const job = module.template.resource('job').value

  it('runs the CLI migrate command from the image working directory', () => {
    const container = pathIn(job, ['properties', 'template', 'containers', { name: 'migrate' }])
    const command = module.evaluate(pathIn(container, ['command'])) as string[]
    const args = module.evaluate(pathIn(container, ['args'])) as string[]
    expect(args).toEqual(['migrate'])
    expect(command[0]).toBe('node')
    // The CLI the package publishes as its bin, relative to the runtime image's WORKDIR.
    const workdir = [...dockerfile.matchAll(/^WORKDIR\s+(\S+)/gm)].at(-1)![1]
    expect(workdir).toBe('/app')
    expect(Object.values(pkg.bin).map((p) => p.replace(/^\.\//, ''))).toContain(command[1])
    expect(cliSource).toMatch(/case 'migrate':/)
    expect(module.evaluate(pathIn(job, ['properties', 'configuration', 'triggerType']))).toBe('Manual')
  })

  it('sets only variables the CLI knows and connects as the migrator identity', () => {
    const entries = migrationEnv(env)
    const known = new Set(Object.keys(configSchema.shape))
    expect(entries.map((e) => e.name).filter((n) => !known.has(n))).toEqual([])
    const config = loadConfig(asProcessEnv(entries))
    expect(config.env.DATABASE_URL).toContain(`clientId=${STAND_INS['identities.outputs.migratorClientId']}`)
    expect(config.env.DATABASE_URL).toMatch(/^mssql:\/\/[^@/]+\/sms\?authentication=azure-active-directory-default/)
    const identities = Object.keys(module.evaluate(pathIn(job, ['identity', 'userAssignedIdentities'])) as object)
    expect(identities).toEqual([STAND_INS['identities.outputs.migratorId']])
  })
})

describe('Azure SQL', () => {
  const module = deployment('prod').module('sql')
  const server = module.template.resource('server').value

  it('allows Microsoft Entra authentication only, with the migrator as administrator', () => {
    const admin = module.evaluate(pathIn(server, ['properties', 'administrators'])) as Record<string, unknown>
    expect(admin.azureADOnlyAuthentication).toBe(true)
    expect(admin.administratorType).toBe('ActiveDirectory')
    expect(admin.sid).toBe(STAND_INS['identities.outputs.migratorClientId'])
    expect(module.evaluate(pathIn(server, ['properties', 'publicNetworkAccess']))).toBe('Disabled')
  })
})
