import type { Logger } from '@sms-notification/core/inbound'
import type { LogLevel } from '../config.js'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

export interface JsonLoggerOptions {
  level: LogLevel
  bindings?: Record<string, unknown>
  /** Receives one JSON document per line; the Functions host collects stdout into its traces. */
  write?: (line: string) => void
}

/**
 * A small structured logger satisfying the core's `Logger` port. pino would do, but it costs cold-start time
 * for a function that logs a handful of lines per invocation. Callers pass masked numbers only.
 */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`))
  const threshold = RANK[options.level]
  const bindings = options.bindings ?? {}
  const emit = (level: Exclude<LogLevel, 'silent'>) => (fields: Record<string, unknown>, msg: string) => {
    if (RANK[level] < threshold) return
    write(JSON.stringify({ level, time: new Date().toISOString(), ...bindings, ...fields, msg }, errorsAsText))
  }
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (more) => createJsonLogger({ ...options, write, bindings: { ...bindings, ...more } }),
  }
}

// An Error's message can carry upstream text; keep its name and code only.
function errorsAsText(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code
    return code === undefined ? { name: value.name } : { name: value.name, code }
  }
  return value
}
