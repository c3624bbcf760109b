import { afterEach, beforeEach, describe, it } from 'vitest'
import { ManualClock } from './manual-clock.js'

export interface ContractOptions<F extends { close(): Promise<void> }> {
  name: string
  setup(context: { clock: ManualClock }): Promise<F>
  skipReason?: string | null
}

/** What a contract suite's tests read: the fixture and clock of the current test. */
export interface ContractContext<F> {
  readonly f: F
  readonly clock: ManualClock
}

/**
 * Registers one contract suite: a fresh clock and fixture before each test, closed after; or a visibly skipped
 * suite when the options carry a skip reason (a store this machine cannot run).
 */
export function describeContract<F extends { close(): Promise<void> }>(
  port: string,
  options: ContractOptions<F>,
  body: (context: ContractContext<F>) => void,
): void {
  const title = `${port} contract: ${options.name}`
  if (options.skipReason) {
    describe.skip(`${title} (skipped: ${options.skipReason})`, () => it('skipped', () => {}))
    return
  }
  describe(title, () => {
    let fixture: F | undefined
    let clock = new ManualClock()
    beforeEach(async () => {
      clock = new ManualClock()
      fixture = await options.setup({ clock })
    })
    afterEach(async () => {
      await fixture?.close()
      fixture = undefined
    })
    body({
      get f() {
        if (!fixture) throw new Error('the fixture is only available inside a test')
        return fixture
      },
      get clock() {
        return clock
      },
    })
  })
}
