import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps, HealthCheck, HealthCheckResult } from '../app-deps.js'

const CHECK_TIMEOUT_MS = 2000

const readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  failing: z.array(z.string()),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
})

const liveness = z.object({
  status: z.enum(['ok', 'unavailable']),
  failing: z.array(z.string()).optional(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })).optional(),
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

async function runAll(checks: readonly HealthCheck[]) {
  const results = await Promise.all(checks.map(async (h) => [h.name, await run(() => h.check())] as const))
  return { checks: Object.fromEntries(results), failing: results.filter(([, r]) => !r.ok).map(([name]) => name) }
}

/**
 * Liveness (the process answers, and the queue consumer has not stayed failed past LIVENESS_CONSUMER_FAILED_MS)
 * and readiness (database, queue consumer, configuration). No auth.
 */
export const healthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/healthz/live', {
    logLevel: 'warn',
    schema: { tags: ['health'], summary: '503 names the check that needs a restart', response: { 200: liveness, 503: liveness } },
    handler: async (_request, reply) => {
      const { checks, failing } = await runAll(deps.liveness ?? [])
      if (failing.length === 0) return { status: 'ok' as const }
      void reply.status(503)
      return { status: 'unavailable' as const, failing, checks }
    },
  })

  app.get('/healthz/ready', {
    logLevel: 'warn',
    schema: { tags: ['health'], summary: '503 names the failing checks', response: { 200: readiness, 503: readiness } },
    handler: async (_request, reply) => {
      const { checks, failing } = await runAll(deps.health)
      void reply.status(failing.length === 0 ? 200 : 503)
      return { status: failing.length === 0 ? ('ready' as const) : ('unavailable' as const), failing, checks }
    },
  })
}
