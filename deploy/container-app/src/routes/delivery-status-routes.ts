import { DELIVERY_STATUSES } from '@sms-notification/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app-deps.js'
import { requireCaller } from '../auth/require-caller.js'
import { ApiError } from '../http/api-error.js'
import { errorSchema, historyItemSchema, toHistoryItem } from '../http/dto.js'
import { isoDateTime } from '../http/params.js'
import { BUILT_IN_PROVIDERS, providerName } from '../http/provider-name.js'

function bodySchema(providers: readonly string[]) {
  return z.object({
    provider: providerName(providers),
    providerMessageId: z.string().min(1).max(100),
    status: z.enum(DELIVERY_STATUSES),
    errorCode: z.string().max(50).nullable().default(null),
    // A provider's clock may run ahead of ours: a report is never refused for it (it would be lost); the core
    // counts a future time as now.
    occurredAt: isoDateTime().describe('When the provider saw the status.'),
    recipientOptedOut: z
      .boolean()
      .optional()
      .describe('The carrier blocked the send because the recipient sent STOP (Plivo ErrorCode 200)'),
    from: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .describe('The sender (venue) number, E.164: with `to`, it places a carrier opt-out whose send is not recorded.'),
    to: z.string().min(1).max(32).optional().describe('The recipient, E.164.'),
  })
}

/** A carrier opt-out recorded from the report's own addresses: the report itself matched no recorded send. */
const optOutRecordedSchema = z.object({ outcome: z.literal('opt_out_recorded'), venueId: z.number().int() })

/** Provider delivery reports, forwarded by the webhook function. */
export const deliveryStatusRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const body = bodySchema(deps.providerNames ?? BUILT_IN_PROVIDERS)
  app.post('/api/internal/delivery-status', {
    onRequest: requireCaller(deps.authenticator, 'internal'),
    schema: {
      tags: ['internal'],
      summary: 'Apply a provider-neutral delivery report to its history row',
      description:
        '200: applied to its send (the updated history item). 202: the report matched no recorded send, but the carrier opt-out it carries was recorded from its `from`/`to` addresses; done, do not retry. 404: no send has this provider message id (it may not be recorded yet).',
      security: [{ bearer: [] }],
      body,
      response: {
        200: historyItemSchema,
        202: optOutRecordedSchema.describe(
          'The carrier opt-out was recorded from the report addresses; the report matched no recorded send.',
        ),
        400: errorSchema,
        401: errorSchema,
        403: errorSchema,
        404: errorSchema,
      },
    },
    handler: async (request, reply) => {
      const b = request.body
      const result = await deps.services.deliveries.apply({
        provider: b.provider,
        providerMessageId: b.providerMessageId,
        status: b.status,
        errorCode: b.errorCode,
        occurredAt: new Date(b.occurredAt),
        ...(b.recipientOptedOut !== undefined ? { recipientOptedOut: b.recipientOptedOut } : {}),
        ...(b.from ? { from: b.from } : {}),
        ...(b.to ? { to: b.to } : {}),
      })
      switch (result.kind) {
        case 'applied':
          return toHistoryItem(result.record)
        case 'opt-out-recorded':
          // Not a 404: the function would retry (a report may arrive before its send is recorded), yet the only
          // thing this report had to say is already recorded.
          void reply.status(202)
          return { outcome: 'opt_out_recorded' as const, venueId: result.venueId }
        case 'unknown-message':
          throw new ApiError(404, 'UNKNOWN_PROVIDER_MESSAGE', 'no send has this provider message id')
      }
    },
  })
}
