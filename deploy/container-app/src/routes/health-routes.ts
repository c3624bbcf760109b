import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps, HealthCheckResult } from '../app-deps.js'

const CHECK_TIMEOUT_MS = 2000

const readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  failing: z.array(z.string()),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
})

async function run(check: () => Promise<HealthCheckResult>): Promise<HealthCheckResult> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<HealthCheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: 'timed out' }), CHECK_TIMEOUT_MS)
  })
  try {
    return await Promise.race([check().catch(() => ({ ok: false, detail: 'check failed' })), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Liveness (the process answers) and readiness (database, queue consumer, configuration). No auth. */
export const healthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/healthz/live', {
    logLevel: 'warn',
    schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  })

  app.get('/healthz/ready', {
    logLevel: 'warn',
    schema: { tags: ['health'], summary: '503 names the failing checks', response: { 200: readiness, 503: readiness } },
    handler: async (_request, reply) => {
      const results = await Promise.all(deps.health.map(async (h) => [h.name, await run(() => h.check())] as const))
      const checks = Object.fromEntries(results)
      const failing = results.filter(([, r]) => !r.ok).map(([name]) => name)
      void reply.status(failing.length === 0 ? 200 : 503)
      return { status: failing.length === 0 ? ('ready' as const) : ('unavailable' as const), failing, checks }
    },
  })
}
