import type { FakeProviderState } from './fake-provider-state.js'
import type { FakeCredentials, FakeOperation, FakeProvider, FakeResponse } from './fake-provider-types.js'

export interface RouteContext {
  state: FakeProviderState
  credentials: FakeCredentials
  /** Named groups of the route's path pattern. */
  path: Record<string, string>
  query: Record<string, string>
  params: Record<string, unknown>
  basic: { user: string; password: string } | null
}

export interface RouteAnswer {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export interface Route {
  provider: FakeProvider
  operation: FakeOperation
  method: string
  pattern: RegExp
  authorized(context: RouteContext): boolean
  /** The recipient of a send, for per-recipient scripts. */
  recipient?(context: RouteContext): string | undefined
  handle(context: RouteContext): RouteAnswer
}

/** How a provider spells an error body, and its answer to bad credentials. */
export interface ProviderDialect {
  errorBody(response: FakeResponse, status: number): unknown
  unauthorized(): RouteAnswer
}

export function stringParam(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key]
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
}
