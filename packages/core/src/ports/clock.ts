/** Time source. Injected so tests and the orchestrator's leases never depend on the wall clock. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
