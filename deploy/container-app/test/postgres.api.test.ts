import { describeApi } from './support/describe-api.js'
import { createPostgresSchema, type PostgresSchema } from './support/postgres-schema.js'
import { startTestRuntime } from './support/test-runtime.js'

// Probed at collection time so an unreachable server shows up as a named skip, not a failure (CI=true fails).
const schema: PostgresSchema | null = await createPostgresSchema('container_app_api')

describeApi(
  'PostgreSQL',
  async () => {
    const t = await startTestRuntime({ databaseUrl: schema!.url })
    return {
      ...t,
      close: async () => {
        await t.close()
      },
    }
  },
  schema ? null : 'PostgreSQL not reachable at 127.0.0.1:5432',
)

if (schema) {
  const { afterAll } = await import('vitest')
  afterAll(async () => {
    await schema.drop()
  })
}
