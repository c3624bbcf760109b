import type { FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from '../http/api-error.js'
import type { Authenticator, CallerKind } from './authenticator.js'

/**
 * An onRequest hook (so it runs before body parsing and validation) admitting only callers of one kind: 401 without (valid) credentials, 403 for a valid token of the
 * other kind (a public token on an internal route).
 */
export function requireCaller(authenticator: Authenticator, kind: CallerKind) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
    if (!match?.[1]) {
      reply.header('www-authenticate', 'Bearer')
      throw new ApiError(401, 'UNAUTHENTICATED', 'a bearer token is required')
    }
    const caller = await authenticator.classify(match[1])
    if (caller === null) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"')
      throw new ApiError(401, 'INVALID_TOKEN', 'the bearer token is not valid')
    }
    if (caller !== kind) throw new ApiError(403, 'FORBIDDEN', `this endpoint needs a ${kind} token`)
  }
}
