import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api'
import type { HandleOutcome, InboundMessage, MessageHandler, SmsProvider } from '@sms-notification/core'

const tracer = () => trace.getTracer('sms-notification')

/**
 * Turns on OpenTelemetry export to Application Insights. The distro is loaded only here, so a service without
 * a connection string never pays for it; without it every span below is a no-op.
 */
export async function startTracing(connectionString: string | undefined): Promise<() => Promise<void>> {
  if (!connectionString) return async () => {}
  const monitor = await import('@azure/monitor-opentelemetry')
  monitor.useAzureMonitor({ azureMonitorExporterOptions: { connectionString } })
  return () => monitor.shutdownAzureMonitor()
}

/** Runs `fn` in a span that records a thrown error and ends either way. */
export async function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn()
    } catch (error) {
      span.recordException(error as Error)
      span.setStatus({ code: SpanStatusCode.ERROR })
      throw error
    } finally {
      span.end()
    }
  })
}

/** A `receive` span per message, continuing the trace the message carries (`traceparent` / Diagnostic-Id). */
export function traceHandler(handler: MessageHandler): MessageHandler {
  return async (message: InboundMessage): Promise<HandleOutcome> => {
    const parent = message.traceparent ? propagation.extract(context.active(), { traceparent: message.traceparent }) : context.active()
    return context.with(parent, () =>
      inSpan(
        `receive ${message.messageType}`,
        SpanKind.CONSUMER,
        {
          'messaging.operation': 'receive',
          'messaging.message.type': message.messageType,
          'messaging.message.attempt': message.attempt,
          ...(message.correlationId ? { 'messaging.message.conversation_id': message.correlationId } : {}),
        },
        async () => {
          const outcome = await handler(message)
          trace.getActiveSpan()?.setAttribute('sms.outcome', outcome.action)
          return outcome
        },
      ),
    )
  }
}

/** A client span around each provider API call. */
export function traceProvider<P extends SmsProvider>(provider: P): P {
  return new Proxy(provider, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown
      if (typeof value !== 'function') return value
      // Bound to the target: methods reading private fields fail when called on the proxy.
      if (!['send', 'provisionNumber', 'releaseNumber'].includes(String(property))) return value.bind(target)
      return (...args: unknown[]) =>
        inSpan(`${target.name} ${String(property)}`, SpanKind.CLIENT, { 'sms.provider': target.name }, async () =>
          (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
        )
    },
  })
}

/** A client span around every async method of a repository (`db consents.applyChange`). */
export function traceRepository<R extends object>(name: string, repository: R, dbSystem: string): R {
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown
      if (typeof value !== 'function') return value
      if (typeof property !== 'string') return value.bind(target)
      return (...args: unknown[]) =>
        inSpan(`db ${name}.${property}`, SpanKind.CLIENT, { 'db.system': dbSystem, 'db.operation': property }, async () =>
          (value as (...a: unknown[]) => unknown).apply(target, args),
        )
    },
  })
}
