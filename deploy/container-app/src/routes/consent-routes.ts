import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app-deps.js'
import { requireCaller } from '../auth/require-caller.js'
import { ApiError } from '../http/api-error.js'
import { consentChangeSchema, consentSchema, errorSchema, toConsent, toConsentChange } from '../http/dto.js'
import { positiveIntString } from '../http/params.js'
import { parsePhoneParam } from '../http/phone-param.js'

const params = z.object({
  venueId: positiveIntString('venueId'),
  phone: z.string().min(1).max(32).describe('E.164, with `+` raw or encoded as `%2B`'),
})

/** Public consent lookups for other services and for support staff. */
export const consentRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const onRequest = requireCaller(deps.authenticator, 'public')
  const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema }

  app.get('/api/consent/:venueId/:phone', {
    onRequest,
    schema: {
      tags: ['consent'],
      summary: "A phone's consent for one venue",
      security: [{ bearer: [] }],
      params,
      response: { 200: consentSchema, ...errors },
    },
    handler: async (request) => {
      const phone = parsePhoneParam(request.params.phone, 'phone', deps.defaultRegion)
      const record = await deps.services.consent.get(request.params.venueId, phone)
      if (!record) throw new ApiError(404, 'CONSENT_NOT_FOUND', 'no consent is recorded for this venue and phone')
      return toConsent(record)
    },
  })

  app.get('/api/consent/:venueId/:phone/history', {
    onRequest,
    schema: {
      tags: ['consent'],
      summary: 'Every consent change for a venue and phone, oldest first, with its source and evidence',
      security: [{ bearer: [] }],
      params,
      response: { 200: z.object({ items: z.array(consentChangeSchema) }), ...errors },
    },
    handler: async (request) => {
      const phone = parsePhoneParam(request.params.phone, 'phone', deps.defaultRegion)
      const entries = await deps.services.consent.history(request.params.venueId, phone)
      return { items: entries.map(toConsentChange) }
    },
  })
}
