import { InvalidCursorError, SEND_STATUSES, type HistoryQuery } from '@sms-notification/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app-deps.js'
import { requireCaller } from '../auth/require-caller.js'
import { ApiError } from '../http/api-error.js'
import { errorSchema, historyItemSchema, toHistoryItem } from '../http/dto.js'
import { isoDateTime, positiveIntString } from '../http/params.js'
import { parsePhoneParam } from '../http/phone-param.js'

const MAX_LIMIT = 200

const querystring = z
  .object({
    venueId: positiveIntString('venueId').optional(),
    phone: z.string().min(1).max(32).optional().describe('Customer phone, E.164'),
    orderId: z.guid('orderId must be a UUID').optional(),
    status: z.enum(SEND_STATUSES).optional(),
    from: isoDateTime().optional().describe('Inclusive lower bound on createdAt'),
    to: isoDateTime().optional().describe('Exclusive upper bound on createdAt'),
    limit: z
      .string()
      .regex(/^\d+$/, 'limit must be an integer')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`))
      .optional()
      .describe(`Page size, 1-${MAX_LIMIT} (default 50)`),
    cursor: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'cursor is not a cursor from a previous page')
      .optional()
      .describe('`nextCursor` of the previous page'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  })

/** Send history for audit and support: newest first, keyset-paginated. */
export const historyRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/api/history', {
    onRequest: requireCaller(deps.authenticator, 'public'),
    schema: {
      tags: ['history'],
      summary: 'Send history, newest first',
      security: [{ bearer: [] }],
      querystring,
      response: {
        200: z.object({ items: z.array(historyItemSchema), nextCursor: z.string().nullable() }),
        400: errorSchema,
        401: errorSchema,
        403: errorSchema,
      },
    },
    handler: async (request) => {
      const q = request.query
      const query: HistoryQuery = { limit: q.limit ?? 50 }
      if (q.venueId !== undefined) query.venueId = q.venueId
      if (q.phone !== undefined) query.phoneNumber = parsePhoneParam(q.phone, 'phone', deps.defaultRegion)
      if (q.orderId !== undefined) query.orderId = q.orderId
      if (q.status !== undefined) query.status = q.status
      if (q.from !== undefined) query.from = new Date(q.from)
      if (q.to !== undefined) query.to = new Date(q.to)
      if (q.cursor !== undefined) query.cursor = q.cursor
      try {
        const page = await deps.services.history.query(query)
        return { items: page.items.map(toHistoryItem), nextCursor: page.nextCursor }
      } catch (error) {
        if (error instanceof InvalidCursorError || (error as { code?: unknown }).code === 'INVALID_CURSOR') {
          throw new ApiError(400, 'INVALID_CURSOR', 'cursor is not a cursor from a previous page', [
            { field: 'cursor', message: 'invalid cursor' },
          ])
        }
        throw error
      }
    },
  })
}
