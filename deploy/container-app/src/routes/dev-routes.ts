import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps, DevTools } from '../app-deps.js'
import { requireCaller } from '../auth/require-caller.js'
import { ApiError } from '../http/api-error.js'
import { errorSchema } from '../http/dto.js'

const outboxItem = z.object({ id: z.string(), from: z.string(), to: z.string(), body: z.string(), at: z.string() })

/**
 * Embedded default only (registered when there is no Service Bus): put an event on the in-process queue and
 * see what the simulated provider sent.
 */
export const devRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; dev: DevTools }> = async (app, { deps, dev }) => {
  const onRequest = requireCaller(deps.authenticator, 'public')

  app.post('/api/dev/events', {
    onRequest,
    schema: {
      tags: ['development'],
      summary: 'Queue a SendOrderConfirmationSms body; an invalid one is dead-lettered by the consumer',
      security: [{ bearer: [] }],
      body: z.record(z.string(), z.unknown()).describe('A SendOrderConfirmationSms event (OrderId, VenueId, CustomerId, PhoneNumber, …)'),
      response: {
        202: z.object({ messageId: z.string(), correlationId: z.string() }),
        400: errorSchema,
        401: errorSchema,
        403: errorSchema,
      },
    },
    handler: async (request, reply) => {
      const correlationId = String(request.id)
      const { messageId } = await dev.enqueue(request.body, { correlationId })
      void reply.status(202)
      return { messageId, correlationId }
    },
  })

  app.get('/api/dev/outbox', {
    onRequest,
    schema: {
      tags: ['development'],
      summary: 'Messages the simulated provider accepted, oldest first',
      security: [{ bearer: [] }],
      response: { 200: z.object({ items: z.array(outboxItem) }), 401: errorSchema, 403: errorSchema },
    },
    handler: async () => ({ items: [...(await dev.outbox())] }),
  })

  if (dev.deadLetters) {
    const deadLetters = dev.deadLetters.bind(dev)
    app.get('/api/dev/dead-letters', {
      onRequest,
      schema: {
        tags: ['development'],
        summary: 'Messages the embedded queue dead-lettered',
        security: [{ bearer: [] }],
        response: { 200: z.object({ items: z.array(z.unknown()) }), 401: errorSchema, 403: errorSchema },
      },
      handler: async () => ({ items: [...(await deadLetters())] }),
    })
  }

  if (dev.replayDeadLetter) {
    const replay = dev.replayDeadLetter.bind(dev)
    app.post('/api/dev/dead-letters/:messageId/replay', {
      onRequest,
      schema: {
        tags: ['development'],
        summary: 'Put a dead-lettered message back on the queue',
        security: [{ bearer: [] }],
        params: z.object({ messageId: z.string().min(1).max(200) }),
        response: { 202: z.object({ replayed: z.literal(true) }), 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
      handler: async (request, reply) => {
        if (!(await replay(request.params.messageId)))
          throw new ApiError(404, 'DEAD_LETTER_NOT_FOUND', 'no dead-lettered message has this id')
        void reply.status(202)
        return { replayed: true as const }
      },
    })
  }
}
