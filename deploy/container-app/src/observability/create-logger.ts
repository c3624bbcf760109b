import { pino, type DestinationStream, type Logger as PinoLogger, type LevelWithSilent } from 'pino'
import { maskPhoneNumbersInFields, maskPhoneNumbersInText, maskPhoneNumbersInUrl } from './mask-phone-numbers.js'
import { traceContextMixin } from './trace-context.js'

export interface CreateLoggerOptions {
  level: LevelWithSilent
  /** Where JSON lines go; stdout (asynchronously) by default. Tests pass a collecting stream. */
  destination?: DestinationStream
  base?: Record<string, unknown>
}

// Secrets never reach a log line, wherever they appear in the fields.
const REDACT = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'token',
  '*.token',
  'authToken',
  '*.authToken',
  'apiTokens',
  'internalToken',
  'internalTokens',
  'password',
  '*.password',
  'connectionString',
  '*.connectionString',
]

/**
 * pino JSON logger with phone numbers masked twice over: field-wise (phone-like keys, numbers in strings) and
 * on the finished line (anything a serializer or binding let through).
 */
export function createLogger(options: CreateLoggerOptions): PinoLogger {
  const inner = options.destination ?? pino.destination({ dest: 1, sync: false })
  const destination: DestinationStream = {
    write(line: string) {
      inner.write(maskPhoneNumbersInText(line))
    },
  }
  return pino(
    {
      level: options.level,
      base: options.base ?? { service: 'sms-notification' },
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin: traceContextMixin,
      formatters: {
        log: (fields) => maskPhoneNumbersInFields(fields) as Record<string, unknown>,
      },
      serializers: {
        req: (req: { method?: string; url?: string; routeOptions?: { url?: string } }) => ({
          method: req.method,
          url: maskPhoneNumbersInUrl(req.url ?? ''),
          route: req.routeOptions?.url,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  )
}
