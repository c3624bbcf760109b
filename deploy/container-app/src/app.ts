import { randomUUID } from 'node:crypto'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { AppDeps } from './app-deps.js'
import { errorHandler, notFoundHandler } from './http/error-handler.js'
import { RequestLogController } from './http/request-log-controller.js'
import { parseTraceparent } from './http/traceparent.js'
import { markTraceBound, runWithTraceContext } from './observability/trace-context.js'
import { consentRoutes } from './routes/consent-routes.js'
import { deliveryStatusRoutes } from './routes/delivery-status-routes.js'
import { devRoutes } from './routes/dev-routes.js'
import { healthRoutes } from './routes/health-routes.js'
import { historyRoutes } from './routes/history-routes.js'
import { internalConsentRoutes } from './routes/internal-consent-routes.js'
import { venueNumberRoutes } from './routes/venue-number-routes.js'

const CORRELATION_HEADER = 'x-correlation-id'
const CORRELATION_ID = /^[\w.:-]{1,100}$/

/**
 * The HTTP API. Everything it talks to comes in `deps`, so tests build it on in-memory or real adapters and
 * drive it with `app.inject()`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new RequestLogController(),
    bodyLimit: deps.bodyLimit ?? 65536,
    // A caller's correlation id is kept (so one id follows a request across services); otherwise a new one.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers[CORRELATION_HEADER]
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID()
    },
    // Every line of a request's handling carries its correlation id (the request id) and, when the caller sent
    // a valid W3C trace context, its traceparent, so logs line up with the caller's trace.
    childLoggerFactory: (logger, bindings, options, rawRequest) => {
      const traceparent = parseTraceparent(rawRequest.headers.traceparent)
      return traceparent ? markTraceBound(logger.child({ ...bindings, traceparent }, options)) : logger.child(bindings, options)
    },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  app.addHook('onRequest', async (request, reply) => {
    void reply.header(CORRELATION_HEADER, request.id)
  })
  // The handler (and the core code it calls) runs inside the caller's trace context, so lines logged without
  // the request logger carry the traceparent too. preHandler, not onRequest: body parsing may leave the context.
  app.addHook('preHandler', (request, _reply, done) => {
    const traceparent = parseTraceparent(request.headers.traceparent)
    if (traceparent === undefined) done()
    else runWithTraceContext({ traceparent }, () => done())
  })

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SMS notification service',
        description: 'Consent, send history and internal operations of the order-confirmation SMS service.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' })

  await app.register(healthRoutes, { deps })
  await app.register(consentRoutes, { deps })
  await app.register(historyRoutes, { deps })
  await app.register(internalConsentRoutes, { deps })
  await app.register(deliveryStatusRoutes, { deps })
  await app.register(venueNumberRoutes, { deps })
  if (deps.dev) await app.register(devRoutes, { deps, dev: deps.dev })
  return app
}
