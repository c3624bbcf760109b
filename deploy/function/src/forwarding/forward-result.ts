export type ForwardFailureReason = 'timeout' | 'network' | 'server_error' | 'rate_limited' | 'unauthorized'

/** What became of a call to the service. */
export type ForwardResult =
  /** The service took it (2xx). */
  | { kind: 'accepted'; status: number; attempts: number }
  /**
   * The service refused it for good (4xx): a retry of the same payload would fail the same way. `code` is the
   * service's error code when its answer carried one; `notYetKnown` says it was the 404 the caller declared
   * "not known yet" and it outlasted its retries.
   */
  | { kind: 'rejected'; status: number; attempts: number; code?: string; notYetKnown?: true }
  /** Transient failures outlasted the retries, or the service refused our credentials: let the provider retry. */
  | { kind: 'failed'; reason: ForwardFailureReason; status: number | null; attempts: number }
