import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { ApiError, type ErrorBody } from './api-error.js'

interface ValidationIssue {
  instancePath: string
  message?: string
}

// Fastify's own request errors, each given a stable code of ours and a status below 500.
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'the body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'the JSON body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', message: 'the body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_CONTENT_LENGTH', message: 'content-length does not match the body' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', message: 'the URL is not valid' },
}

function fieldsOf(issues: ValidationIssue[], context: string | undefined) {
  return issues.map((i) => {
    const path = i.instancePath.replace(/^\//, '').replaceAll('/', '.')
    return { field: path === '' ? (context ?? 'request') : path, in: context, message: i.message ?? 'invalid' }
  })
}

/**
 * Maps every error to `{ statusCode, code, message, fields? }`. Bad input of any kind is a 4xx naming the field;
 * only defects become 500, and their details stay in the log.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const send = (body: ErrorBody) => {
    void reply.status(body.statusCode).send({ ...body, correlationId: String(request.id) })
  }
  if (error instanceof ApiError) {
    send({ statusCode: error.statusCode, code: error.code, message: error.message, ...(error.fields ? { fields: [...error.fields] } : {}) })
    return
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = fieldsOf(error.validation as ValidationIssue[], error.validationContext)
    send({ statusCode: 400, code: 'INVALID_REQUEST', message: `invalid ${fields.map((f) => f.field).join(', ')}`, fields })
    return
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined
  if (known) {
    send({ statusCode: known.status, code: known.code, message: known.message })
    return
  }
  if (error.validation) {
    const fields = fieldsOf(error.validation as ValidationIssue[], error.validationContext)
    send({ statusCode: 400, code: 'INVALID_REQUEST', message: error.message, fields })
    return
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    send({ statusCode: status, code: error.code ?? 'BAD_REQUEST', message: error.message })
    return
  }
  request.log.error({ err: error }, 'request failed')
  send({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' })
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send({ statusCode: 404, code: 'NOT_FOUND', message: `no such route: ${request.method}`, correlationId: String(request.id) })
}
