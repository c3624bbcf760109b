import { CONSENT_SOURCES, type ConsentUpdateRequest } from '@sms-notification/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app-deps.js'
import { requireCaller } from '../auth/require-caller.js'
import { ApiError } from '../http/api-error.js'
import { consentSchema, errorSchema, toConsent } from '../http/dto.js'
import { isoDateTime } from '../http/params.js'

const body = z
  .object({
    venueId: z.number().int().positive().optional(),
    venuePhoneNumber: z.string().min(1).max(32).optional().describe("The venue's sender number the customer texted (E.164)"),
    phoneNumber: z.string().min(1).max(32).describe("The customer's phone (E.164)"),
    action: z.enum(['opt_in', 'opt_out']),
    source: z.enum(CONSENT_SOURCES),
    occurredAt: isoDateTime().optional().describe('When the customer acted; defaults to now. Last writer wins on this time.'),
    providerMessageId: z.string().min(1).max(100).optional().describe('Makes the update idempotent: a repeat is a no-op'),
    provider: z.string().min(1).max(50).optional(),
    correlationId: z.string().min(1).max(100).optional(),
  })
  .refine((b) => b.venueId !== undefined || b.venuePhoneNumber !== undefined, {
    message: 'venueId or venuePhoneNumber is required',
    path: ['venueId'],
  })

const response = z.object({
  outcome: z.enum(['applied', 'superseded', 'unchanged', 'duplicate']).describe('`superseded`: a newer change already won; `duplicate`: this provider message was applied before'),
  statusChanged: z.boolean(),
  consent: consentSchema,
})

/** Called by the webhook function (STOP/START) and by support tooling. */
export const internalConsentRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post('/api/internal/consent/update', {
    onRequest: requireCaller(deps.authenticator, 'internal'),
    schema: {
      tags: ['internal'],
      summary: 'Record an opt-in or opt-out; publishes SmsUnsubscribe/SmsResubscribe when the status changes',
      security: [{ bearer: [] }],
      body,
      response: { 200: response, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
    },
    handler: async (request) => {
      const b = request.body
      const update: ConsentUpdateRequest = {
        phoneNumber: b.phoneNumber,
        action: b.action,
        source: b.source,
        correlationId: b.correlationId ?? String(request.id),
      }
      if (b.venueId !== undefined) update.venueId = b.venueId
      if (b.venuePhoneNumber !== undefined) update.venuePhoneNumber = b.venuePhoneNumber
      if (b.occurredAt !== undefined) update.occurredAt = new Date(b.occurredAt)
      if (b.providerMessageId !== undefined) update.providerMessageId = b.providerMessageId
      if (b.provider !== undefined) update.provider = b.provider
      const outcome = await deps.services.consent.update(update)
      switch (outcome.kind) {
        case 'ok': {
          const r = outcome.result
          return { outcome: r.kind, statusChanged: r.kind === 'applied' && r.statusChanged, consent: toConsent(r.record) }
        }
        case 'unknown-venue-number':
          throw new ApiError(404, 'UNKNOWN_VENUE_NUMBER', 'venuePhoneNumber is not an active venue number', [
            { field: 'venuePhoneNumber', message: 'not an active venue number' },
          ])
        case 'invalid-phone':
          throw new ApiError(400, 'INVALID_PHONE', `${outcome.field} is not a valid phone number`, [
            { field: outcome.field, message: 'not a valid phone number' },
          ])
        case 'missing-venue':
          throw new ApiError(400, 'INVALID_REQUEST', 'venueId or venuePhoneNumber is required', [
            { field: 'venueId', message: 'venueId or venuePhoneNumber is required' },
          ])
      }
    },
  })
}
