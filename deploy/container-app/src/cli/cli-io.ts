/** Where CLI commands write; tests pass collectors. */
export interface CliIo {
  out(line: string): void
  err(line: string): void
  env: Record<string, string | undefined>
}

export class CliUsageError extends Error {
  readonly code = 'CLI_USAGE'
}
