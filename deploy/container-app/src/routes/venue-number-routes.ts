import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app-deps.js'
import { requireCaller } from '../auth/require-caller.js'
import { ApiError } from '../http/api-error.js'
import { errorSchema, toVenueNumber, venueNumberSchema } from '../http/dto.js'
import { positiveIntString } from '../http/params.js'
import { BUILT_IN_PROVIDERS, providerName } from '../http/provider-name.js'
import { parsePhoneParam } from '../http/phone-param.js'

const venueParams = z.object({ venueId: positiveIntString('venueId') })
const assignBodySchema = (providers: readonly string[]) =>
  z.object({
    phoneNumber: z.string().min(1).max(32).describe('E.164 number already bought at the provider'),
    provider: providerName(providers),
    providerId: z.string().min(1).max(100).describe('Provider id of the number (Twilio PN… sid, Plivo number)'),
  })
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 502: errorSchema }

/** Operations on venue sender numbers: list, assign a number bought elsewhere, release. */
export const venueNumberRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const onRequest = requireCaller(deps.authenticator, 'internal')
  const numbers = deps.services.numbers
  const assignBody = assignBodySchema(deps.providerNames ?? BUILT_IN_PROVIDERS)

  app.get('/api/internal/venues/:venueId/phone-numbers', {
    onRequest,
    schema: {
      tags: ['internal'],
      summary: "A venue's sender numbers, released ones included",
      security: [{ bearer: [] }],
      params: venueParams,
      response: { 200: z.object({ items: z.array(venueNumberSchema) }), ...errors },
    },
    handler: async (request) => ({ items: (await numbers.list(request.params.venueId)).map(toVenueNumber) }),
  })

  app.post('/api/internal/venues/:venueId/phone-numbers', {
    onRequest,
    schema: {
      tags: ['internal'],
      summary: 'Assign an existing provider number to a venue',
      security: [{ bearer: [] }],
      params: venueParams,
      body: assignBody,
      response: { 201: venueNumberSchema, ...errors },
    },
    handler: async (request, reply) => {
      const phoneNumber = parsePhoneParam(request.body.phoneNumber, 'phoneNumber', deps.defaultRegion)
      const result = await numbers.assign({ ...request.body, phoneNumber, venueId: request.params.venueId })
      switch (result.kind) {
        case 'assigned':
          void reply.status(201)
          return toVenueNumber(result.number)
        case 'venue-already-has-number':
          throw new ApiError(
            409,
            'VENUE_ALREADY_HAS_NUMBER',
            `the venue already has active ${request.body.provider} number ${result.existing.id}; release it first`,
          )
        case 'number-in-use':
          throw new ApiError(409, 'NUMBER_IN_USE', 'this number is active for another venue')
        case 'invalid-phone':
          throw new ApiError(400, 'INVALID_PHONE', 'phoneNumber is not a valid phone number', [
            { field: 'phoneNumber', message: 'not a valid phone number' },
          ])
      }
    },
  })

  app.post('/api/internal/venues/:venueId/phone-numbers/:id/release', {
    onRequest,
    schema: {
      tags: ['internal'],
      summary: 'Release a venue number (it stays in the list as released)',
      security: [{ bearer: [] }],
      params: venueParams.extend({ id: positiveIntString('id') }),
      response: { 200: venueNumberSchema, ...errors },
    },
    handler: async (request) => {
      const result = await numbers.release(request.params.venueId, request.params.id)
      switch (result.kind) {
        case 'released':
          return toVenueNumber(result.number)
        case 'not-found':
          throw new ApiError(404, 'NUMBER_NOT_FOUND', 'the venue has no active number with this id')
        case 'provider-error':
          throw new ApiError(
            502,
            'PROVIDER_ERROR',
            `the provider did not release the number (${result.errorCode}); it stays active, try again`,
          )
      }
    },
  })
}
