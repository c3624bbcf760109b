/** Thrown at startup when the environment is not usable; names every offending variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID'
  readonly problems: ReadonlyArray<{ variable: string; message: string }>

  constructor(problems: ReadonlyArray<{ variable: string; message: string }>) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }

  get variables(): string[] {
    return [...new Set(this.problems.map((p) => p.variable))]
  }
}
