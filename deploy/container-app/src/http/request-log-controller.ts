import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import { maskPhoneNumbersInUrl } from '../observability/mask-phone-numbers.js'

/**
 * One log line per request, written when it completes (method, masked URL, route, status, time), instead of
 * Fastify's two. The correlation id is on it through the request's child logger.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'correlationId' })
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = {
      method: request.method,
      url: maskPhoneNumbersInUrl(request.url),
      route: request.routeOptions.url,
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
    }
    if (error) reply.log.error({ ...fields, err: error }, 'request errored')
    else if (reply.statusCode >= 500) reply.log.error(fields, 'request completed')
    else if (request.routeOptions.logLevel === 'warn' && reply.statusCode < 400) reply.log.debug(fields, 'request completed')
    else reply.log.info(fields, 'request completed')
  }
}
