import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'container-app-main-'))

// The service as `npm start` runs it, from TypeScript sources (the `source` condition), in its own process.
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (d: Buffer) => (output.stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output, exited }
}

async function waitFor(check: () => boolean, timeoutMs: number, child: ChildProcess): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`)
    if (Date.now() - started > timeoutMs) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('main', () => {
  it('refuses to start on bad configuration, naming every offending variable', async () => {
    const { output, exited } = startMain({ PORT: 'abc', SMS_PROVIDER: 'pigeon', DATABASE_URL: `sqlite:${join(dir, 'bad.db')}` })
    expect(await exited).toBe(1)
    expect(output.stderr).toContain('Invalid configuration')
    expect(output.stderr).toContain('PORT:')
    expect(output.stderr).toContain('SMS_PROVIDER:')
  })

  it('starts on the embedded default with generated development tokens, and stops cleanly on SIGTERM', async () => {
    const { child, output, exited } = startMain({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'main.db')}`,
      LOG_LEVEL: 'info',
    })
    try {
      await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(output.stdout), 60_000, child)
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout)![1]!
      const apiToken = /development API token:\s+(\S+)/.exec(output.stdout)?.[1]
      const internalToken = /development internal token:\s+(\S+)/.exec(output.stdout)?.[1]
      expect(apiToken).toMatch(/^dev-/)
      expect(internalToken).toMatch(/^dev-/)
      expect(output.stdout).toContain(`curl -s -X POST ${base}/api/dev/events -H 'authorization: Bearer ${apiToken}'`)
      expect((await fetch(`${base}/healthz/ready`)).status).toBe(200)
      expect((await fetch(`${base}/api/history`, { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(200)
      expect(
        (await fetch(`${base}/api/internal/venues/1/phone-numbers`, { headers: { authorization: `Bearer ${internalToken}` } })).status,
      ).toBe(200)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      const messages = output.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => (JSON.parse(l) as { msg: string }).msg)
      expect(messages).toEqual(expect.arrayContaining(['listening', 'shutting down', 'stopped']))
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 90_000)
})
