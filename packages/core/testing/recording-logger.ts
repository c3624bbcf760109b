import type { Logger } from '../src/ports/logger.js'

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error'
  message: string
  fields: Record<string, unknown>
}

/** Captures log lines (with inherited bindings) so tests can check what would be written. */
export class RecordingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}
  debug(fields: Record<string, unknown>, message: string): void {
    this.#push('debug', fields, message)
  }
  info(fields: Record<string, unknown>, message: string): void {
    this.#push('info', fields, message)
  }
  warn(fields: Record<string, unknown>, message: string): void {
    this.#push('warn', fields, message)
  }
  error(fields: Record<string, unknown>, message: string): void {
    this.#push('error', fields, message)
  }
  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.lines, { ...this.bindings, ...bindings })
  }
  /** Every line as one JSON string, as a log sink would see it. */
  text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n')
  }
  #push(level: LogLine['level'], fields: Record<string, unknown>, message: string) {
    this.lines.push({ level, message, fields: { ...this.bindings, ...fields } })
  }
}
