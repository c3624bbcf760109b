import { CONSENT_SOURCES, systemClock, type ConsentUpdateRequest } from '@sms-notification/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app-deps.js'
import { requireCaller } from '../auth/require-caller.js'
import { ApiError } from '../http/api-error.js'
import { consentSchema, errorSchema, toConsent } from '../http/dto.js'
import { databaseId, eventTime } from '../http/params.js'
import { BUILT_IN_PROVIDERS, providerName } from '../http/provider-name.js'
import { parseTraceparent } from '../http/traceparent.js'

function bodySchema(providers: readonly string[], now: () => Date) {
  return z
    .object({
      venueId: databaseId('venueId').optional(),
      venuePhoneNumber: z.string().min(1).max(32).optional().describe("The venue's sender number the customer texted (E.164)"),
      phoneNumber: z.string().min(1).max(32).describe("The customer's phone (E.164)"),
      action: z.enum(['opt_in', 'opt_out']),
      source: z.enum(CONSENT_SOURCES),
      occurredAt: eventTime('occurredAt', now)
        .optional()
        .describe('When the customer acted; defaults to now. Last writer wins on this time. Not before 2000, at most 5 minutes ahead.'),
      providerMessageId: z.string().min(1).max(100).optional().describe('Makes the update idempotent: a repeat is a no-op'),
      provider: providerName(providers).optional(),
      correlationId: z.string().min(1).max(100).optional().describe('Defaults to the request correlation id'),
    })
    .refine((b) => b.venueId !== undefined || b.venuePhoneNumber !== undefined, {
      message: 'venueId or venuePhoneNumber is required',
      path: ['venueId'],
    })
}

const response = z.object({
  outcome: z
    .enum(['applied', 'superseded', 'unchanged', 'duplicate'])
    .describe('`superseded`: a newer change already won; `duplicate`: this provider message was applied before'),
  statusChanged: z.boolean(),
  consent: consentSchema,
})

/** Called by the webhook function (STOP/START) and by support tooling. */
export const internalConsentRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const clock = deps.clock ?? systemClock
  const body = bodySchema(deps.providerNames ?? BUILT_IN_PROVIDERS, () => clock.now())
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
      // `traceparent` lets the outbox event continue the caller's trace; typed here as an optional extra so the
      // route keeps compiling against a core without it (the core copies it into the consent event).
      const update: ConsentUpdateRequest & { traceparent?: string } = {
        phoneNumber: b.phoneNumber,
        action: b.action,
        source: b.source,
        correlationId: b.correlationId ?? String(request.id),
      }
      const traceparent = parseTraceparent(request.headers.traceparent)
      if (traceparent !== undefined) update.traceparent = traceparent
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
