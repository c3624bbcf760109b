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
    recipientOptedOut: z.boolean().optional().describe("The carrier blocked the send because the recipient sent STOP (Plivo ErrorCode 200)"),
    from: z.string().min(1).max(32).optional().describe('The sender (venue) number, E.164: with `to`, it places a carrier opt-out whose send is not recorded.'),
    to: z.string().min(1).max(32).optional().describe('The recipient, E.164.'),
  })
}

/** Provider delivery reports, forwarded by the webhook function. */
export const deliveryStatusRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const body = bodySchema(deps.providerNames ?? BUILT_IN_PROVIDERS)
  app.post('/api/internal/delivery-status', {
    onRequest: requireCaller(deps.authenticator, 'internal'),
    schema: {
      tags: ['internal'],
      summary: 'Apply a provider-neutral delivery report to its history row',
      security: [{ bearer: [] }],
      body,
      response: { 200: historyItemSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
    },
    handler: async (request) => {
      const b = request.body
      const record = await deps.services.deliveries.apply({
        provider: b.provider,
        providerMessageId: b.providerMessageId,
        status: b.status,
        errorCode: b.errorCode,
        occurredAt: new Date(b.occurredAt),
        ...(b.recipientOptedOut !== undefined ? { recipientOptedOut: b.recipientOptedOut } : {}),
        ...(b.from ? { from: b.from } : {}),
        ...(b.to ? { to: b.to } : {}),
      })
      // 404 even when a carrier opt-out was recorded from the addresses: the report itself matched no send.
      if (!record) throw new ApiError(404, 'UNKNOWN_PROVIDER_MESSAGE', 'no send has this provider message id')
      return toHistoryItem(record)
    },
  })
}
