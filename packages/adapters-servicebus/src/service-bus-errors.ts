import { isServiceBusError } from '@azure/service-bus'

/**
 * Errors that retrying cannot fix: the entity is missing or disabled, or we may not use it. Left to the SDK,
 * a subscription retries these forever (azure-sdk-for-js #16887).
 */
export const FATAL_ENTITY_ERROR_CODES: ReadonlySet<string> = new Set([
  'MessagingEntityNotFound',
  'UnauthorizedAccess',
  'MessagingEntityDisabled',
])

export function isFatalEntityError(error: unknown): boolean {
  return isServiceBusError(error) && FATAL_ENTITY_ERROR_CODES.has(error.code)
}

/** A stable code for logs and outcomes: the Service Bus code, else a system error code, else the error's name. */
export function errorCode(error: unknown): string {
  if (isServiceBusError(error)) return error.code
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code !== '') return code
  return error instanceof Error ? error.name : 'UnknownError'
}

/**
 * The administration (management) API refused for want of rights: 401 from a SAS key without Manage or an Entra
 * identity without Data Owner, 403 when the request is forbidden outright. Retrying cannot fix either.
 */
export function isMissingRightsError(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  if (status === 401 || status === 403) return true
  const code = (error as { code?: unknown } | null)?.code
  return code === 'UnauthorizedRequestError' || (isServiceBusError(error) && error.code === 'UnauthorizedAccess')
}
