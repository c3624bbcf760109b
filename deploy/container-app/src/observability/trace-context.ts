import { AsyncLocalStorage } from 'node:async_hooks'

export interface TraceContext {
  traceparent: string
}

const storage = new AsyncLocalStorage<TraceContext>()
const BOUND = Symbol('traceparentBound')

/** Runs `fn` (and everything it starts) as part of a request carrying this trace context. */
export function runWithTraceContext<T>(context: TraceContext, fn: () => T): T {
  return storage.run(context, fn)
}

/** Marks a logger (and, through pino's prototype chain, its children) as already binding the traceparent. */
export function markTraceBound<L extends object>(logger: L): L {
  Object.defineProperty(logger, BOUND, { value: true })
  return logger
}

/**
 * pino `mixin`: lines logged by code that has no request logger (the core's services) while handling a traced
 * request get its traceparent too. Request loggers bind it themselves and are skipped, so no key repeats.
 */
export function traceContextMixin(_fields: object, _level: number, logger: object): Record<string, unknown> {
  if ((logger as Record<symbol, unknown>)[BOUND] === true) return {}
  const context = storage.getStore()
  return context ? { traceparent: context.traceparent } : {}
}
