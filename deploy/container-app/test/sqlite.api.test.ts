import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeApi } from './support/describe-api.js'
import { startTestRuntime } from './support/test-runtime.js'

const dir = mkdtempSync(join(tmpdir(), 'container-app-sqlite-'))
let n = 0

describeApi('SQLite', () => startTestRuntime({ databaseUrl: `sqlite:${join(dir, `api-${++n}.db`)}` }))

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})
