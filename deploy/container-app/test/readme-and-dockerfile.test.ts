import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configSchema } from '../src/config/config-schema.js'

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')

describe('README', () => {
  it('documents every configuration variable in its table', () => {
    const readme = read('README.md')
    for (const name of Object.keys(configSchema.shape)) expect(readme, name).toContain(`| \`${name}\` |`)
  })

  it('documents the token list, the {provider} placeholder and the db-user command', () => {
    const readme = read('README.md')
    const row = (name: string) => readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`)) ?? ''
    expect(row('INTERNAL_API_TOKEN')).toMatch(/Comma-separated/)
    expect(row('STATUS_CALLBACK_URL')).toContain('/api/{provider}/status')
    expect(row('INBOUND_WEBHOOK_URL')).toContain('{provider}')
    expect(readme).toContain('sms-notification db-user --name <identity name> --client-id <guid>')
    expect(readme).toMatch(/migration job[^.]*db-user/)
  })
})

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile')
  const stages = dockerfile.split(/^FROM /m).slice(1)

  it('builds in one stage with the pinned toolchain and runs from a second, slim stage', () => {
    expect(stages).toHaveLength(2)
    expect(stages.every((s) => s.startsWith('node:20-slim'))).toBe(true)
    expect(stages[0]).toContain('pnpm@12.4.2')
    expect(stages[0]).toContain('pnpm install --frozen-lockfile')
    expect(stages[0]).toContain('turbo run build --filter=@sms-notification/container-app...')
    expect(stages[0]).toMatch(/deploy --prod/)
  })

  it('runs as a non-root user with the compiled entry in exec form', () => {
    expect(stages[1]).toMatch(/^USER node$/m)
    expect(stages[1]).toContain('CMD ["node", "dist/src/main.js"]')
    expect(stages[1]).not.toMatch(/pnpm|turbo/)
  })
})
