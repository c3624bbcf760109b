import { createInMemoryPersistence } from '@sms-notification/core/testing'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config/load-config.js'
import { buildRuntime, type Runtime, type RuntimeDatabase } from '../../src/runtime/build-runtime.js'
import { LogCapture } from './log-capture.js'

export const PUBLIC_TOKEN = 'test-public-token-0123456789'
export const INTERNAL_TOKEN = 'test-internal-token-0123456789'

export interface TestRuntime {
  app: FastifyInstance
  runtime: Runtime
  logs: LogCapture
  /** Lines hot-shots would have sent. */
  metricLines(): string[]
  close(): Promise<void>
}

/** An in-memory database with the `createDatabase` shape, for tests that do not need SQL. */
export function inMemoryDatabase(): RuntimeDatabase {
  const persistence = createInMemoryPersistence()
  let open = true
  return {
    dialect: 'memory',
    repositories: persistence,
    migrateToLatest: async () => undefined,
    ping: async () => open,
    close: async () => {
      open = false
    },
  }
}

/**
 * The real runtime (embedded queue, simulated provider, real notifier) behind the real app, on the given
 * DATABASE_URL, or in memory when it is omitted. Logs and metrics are captured.
 */
export async function startTestRuntime(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestRuntime> {
  const logs = new LogCapture()
  const config = loadConfig({
    API_TOKENS: PUBLIC_TOKEN,
    INTERNAL_API_TOKEN: INTERNAL_TOKEN,
    LOG_LEVEL: 'info',
    DD_ENV: 'test',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  })
  const runtime = await buildRuntime(config, {
    logDestination: logs,
    metricsMock: true,
    ...(options.databaseUrl ? {} : { openDatabase: async () => inMemoryDatabase() }),
  })
  const app = await buildApp(runtime.appDeps)
  await runtime.start()
  return {
    app,
    runtime,
    logs,
    metricLines: () => runtime.metrics.client?.mockBuffer ?? [],
    async close() {
      await runtime.stopWork()
      await app.close()
      await runtime.close()
    },
  }
}
