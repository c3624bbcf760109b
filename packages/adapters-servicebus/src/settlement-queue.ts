/** `complete` settlements may share the wire with each other; any other outcome must be alone. */
export type SettlementKind = 'complete' | 'exclusive'

/**
 * Orders the settlements of one receiver so that no two deliveries with different outcomes are ever flushed
 * together.
 *
 * Why: rhea 3.0.5 (`write_dispositions` in lib/session.js) merges the dispositions of consecutive deliveries
 * flushed in the same tick into one frame carrying the first one's outcome, so `complete(a)` and
 * `deadLetter(b)` in one tick complete both, and two dead-letters share the first one's reason. Completes
 * merge correctly (rhea only batches `accepted` on purpose), so they run concurrently; every other settlement
 * waits until nothing else is in flight (the broker has answered, so earlier frames are long written) plus one
 * macrotask, and holds back later settlements until it is answered in turn.
 */
export class SettlementQueue {
  #exclusiveTail: Promise<void> = Promise.resolve()
  #completes: Array<Promise<unknown>> = []
  readonly #enabled: boolean

  /** `enabled: false` exists only so a test can show the defect the queue guards against. */
  constructor(options: { enabled?: boolean } = {}) {
    this.#enabled = options.enabled ?? true
  }

  run<T>(kind: SettlementKind, settle: () => Promise<T>): Promise<T> {
    if (!this.#enabled) return settle()
    if (kind === 'complete') {
      const result = this.#exclusiveTail.then(settle)
      this.#completes.push(result)
      return result
    }
    const inFlight = this.#completes
    this.#completes = []
    const result = this.#exclusiveTail
      .then(() => Promise.allSettled(inFlight))
      .then(nextMacrotask)
      .then(settle)
    this.#exclusiveTail = result.then(nextMacrotask, nextMacrotask)
    return result
  }
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
