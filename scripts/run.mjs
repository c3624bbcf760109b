#!/usr/bin/env node
// Entry point of the root npm scripts: makes sure pnpm and the dependencies are present (a fresh machine has
// only Node and npm), builds with turbo, then runs what was asked.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const PNPM_VERSION = '12.4.2'
const quietTurbo = { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' }
// better-sqlite3 has no reachable prebuilt binary here: it must compile against Node's own headers.
const nativeBuild = existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr', npm_config_build_from_source: 'true' } : {}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts, env: { ...process.env, ...quietTurbo, ...(opts.env ?? {}) } })
  if (r.error) throw r.error
  return r.status ?? 1
}
function must(cmd, args, opts) {
  const code = run(cmd, args, opts)
  if (code !== 0) process.exit(code)
}
function has(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim() : null
}

function pnpmCommand() {
  if (has('pnpm') === PNPM_VERSION) return ['pnpm', []]
  console.error(`[setup] installing pnpm@${PNPM_VERSION} with npm`)
  if (run('npm', ['install', '--global', '--no-fund', '--no-audit', `pnpm@${PNPM_VERSION}`]) === 0 && has('pnpm') === PNPM_VERSION)
    return ['pnpm', []]
  // Without write access to the global prefix, keep a private copy inside the repository.
  const local = join(root, 'node_modules', '.tools')
  must('npm', ['install', '--prefix', local, '--no-save', '--no-fund', '--no-audit', `pnpm@${PNPM_VERSION}`])
  return [process.execPath, [join(local, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs')]]
}

function lockDigest() {
  const h = createHash('sha256')
  for (const f of ['pnpm-lock.yaml', 'pnpm-workspace.yaml']) h.update(readFileSync(join(root, f)))
  return h.digest('hex')
}

function ensureDependencies(pnpm) {
  const stamp = join(root, 'node_modules', '.install-stamp')
  const digest = lockDigest()
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return
  console.error('[setup] installing dependencies (the first run compiles better-sqlite3, about 90 s)')
  const frozen = process.env.CI ? ['--frozen-lockfile'] : []
  must(pnpm[0], [...pnpm[1], 'install', ...frozen], { env: nativeBuild })
  mkdirSync(dirname(stamp), { recursive: true })
  writeFileSync(stamp, digest)
}

function build(pnpm) {
  must(pnpm[0], [...pnpm[1], 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only'])
}

const task = process.argv[2] ?? 'build'
const pnpm = pnpmCommand()
ensureDependencies(pnpm)
// Lint, format and type-check read the TypeScript sources (the `source` export condition): no build needed.
const withoutBuild = new Set(['lint', 'format', 'typecheck'])
if (!withoutBuild.has(task)) build(pnpm)

switch (task) {
  case 'build':
    break
  case 'lint':
    must(pnpm[0], [...pnpm[1], 'exec', 'biome', 'check', '--error-on-warnings', ...process.argv.slice(3)])
    break
  case 'format':
    must(pnpm[0], [...pnpm[1], 'exec', 'biome', 'check', '--write', ...process.argv.slice(3)])
    break
  case 'typecheck':
    must(pnpm[0], [...pnpm[1], 'exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'])
    break
  case 'start':
    must(process.execPath, [join(root, 'deploy/container-app/dist/src/main.js')])
    break
  case 'function-local':
    must(process.execPath, [join(root, 'deploy/function/dist/src/local-runner.js')])
    break
  case 'test': {
    mkdirSync(join(root, 'test-results'), { recursive: true })
    const code = run(pnpm[0], [
      ...pnpm[1],
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/vitest.json',
      ...process.argv.slice(3),
    ])
    process.exit(code)
    break
  }
  case 'bench':
    must(pnpm[0], [...pnpm[1], 'exec', 'tsx', join(root, 'bench', 'run-all.ts'), ...process.argv.slice(3)])
    break
  default:
    console.error(`unknown task ${task}`)
    process.exit(2)
}
