import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { inRepo } from './support/paths.js'

// What CI runs: `.ci/run` -> `npm test` -> scripts/run.mjs (install pnpm, `pnpm install --frozen-lockfile`
// under CI, `pnpm exec turbo run build`).
const runScript = readFileSync(inRepo('scripts/run.mjs'), 'utf8')
const ciScript = readFileSync(inRepo('.ci/run'), 'utf8')
const rootPackage = JSON.parse(readFileSync(inRepo('package.json'), 'utf8')) as { packageManager: string; engines: { node: string } }
const ciPnpmVersion = /const PNPM_VERSION = '([^']+)'/.exec(runScript)?.[1]

const DOCKERFILES = ['deploy/container-app/Dockerfile', 'deploy/local/function-runner.Dockerfile']

/** `RUN` instructions with line continuations joined. */
function runSteps(dockerfile: string): string[] {
  return [...dockerfile.replace(/\\\n\s*/g, ' ').matchAll(/^RUN\s+(.+)$/gm)].map((m) => m[1]!.trim())
}

describe('what CI runs', () => {
  it('pins one pnpm version, installs from the lockfile under CI and builds with turbo', () => {
    expect(ciScript).toMatch(/export CI=true/)
    expect(ciScript).toMatch(/npm test/)
    expect(ciPnpmVersion).toMatch(/^\d+\.\d+\.\d+$/)
    expect(rootPackage.packageManager).toBe(`pnpm@${ciPnpmVersion}`)
    expect(runScript).toMatch(/const frozen = process\.env\.CI \? \['--frozen-lockfile'\] : \[\]/)
    expect(runScript).toMatch(/'install', \.\.\.frozen/)
    expect(runScript).toMatch(/'exec', 'turbo', 'run', 'build'/)
  })
})

describe.each(DOCKERFILES)('%s', (path) => {
  const dockerfile = readFileSync(inRepo(path), 'utf8')
  const steps = runSteps(dockerfile)

  it('installs the pnpm version CI uses', () => {
    const install = steps.find((s) => /npm install --global .*pnpm@/.test(s))
    expect(install).toBeDefined()
    expect(/pnpm@(\S+)/.exec(install!)![1]).toBe(ciPnpmVersion)
  })

  it('installs dependencies from the lockfile, as CI does', () => {
    expect(steps).toContain('pnpm install --frozen-lockfile')
  })

  it('builds with the turbo build CI runs, then deploys production dependencies only', () => {
    const build = steps.find((s) => s.startsWith('pnpm exec turbo run build'))
    expect(build).toBeDefined()
    const deploy = steps.find((s) => / deploy --prod /.test(s))
    expect(deploy).toBeDefined()
    expect(steps.indexOf(build!)).toBeLessThan(steps.indexOf(deploy!))
    expect(steps.indexOf('pnpm install --frozen-lockfile')).toBeLessThan(steps.indexOf(build!))
  })

  it('runs on the Node major the repository requires, as an unprivileged user', () => {
    const nodeMajor = /(\d+)/.exec(rootPackage.engines.node)![1]
    const images = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!)
    expect(images.length).toBeGreaterThanOrEqual(2)
    for (const image of images) expect(image).toMatch(new RegExp(`^node:${nodeMajor}(\\.|-|$)`))
    expect(dockerfile).toMatch(/^USER node$/m)
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/[a-z-]+\.js"\]$/m)
  })
})
