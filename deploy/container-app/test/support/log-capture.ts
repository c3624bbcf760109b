import type { DestinationStream } from 'pino'

/** A pino destination that keeps every line, for assertions on what was logged. */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = []

  write(line: string): void {
    this.lines.push(line)
  }

  text(): string {
    return this.lines.join('')
  }

  records(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  }
}
