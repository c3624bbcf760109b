import { describe, expect, it } from 'vitest'
import { SettlementQueue } from './settlement-queue.js'

function tracked(events: string[], name: string, ms: number) {
  return async (): Promise<string> => {
    events.push(`start ${name}`)
    await new Promise((resolve) => setTimeout(resolve, ms))
    events.push(`end ${name}`)
    return name
  }
}

describe('SettlementQueue', () => {
  it('runs an exclusive settlement alone: after everything before it, before everything after it', async () => {
    const events: string[] = []
    const queue = new SettlementQueue()
    const results = await Promise.all([
      queue.run('complete', tracked(events, 'c1', 20)),
      queue.run('complete', tracked(events, 'c2', 5)),
      queue.run('exclusive', tracked(events, 'dead-letter', 5)),
      queue.run('complete', tracked(events, 'c3', 1)),
      queue.run('exclusive', tracked(events, 'abandon', 1)),
    ])
    expect(results).toEqual(['c1', 'c2', 'dead-letter', 'c3', 'abandon'])
    expect(events).toEqual([
      'start c1',
      'start c2',
      'end c2',
      'end c1',
      'start dead-letter',
      'end dead-letter',
      'start c3',
      'end c3',
      'start abandon',
      'end abandon',
    ])
  })

  it('lets completes share the wire', async () => {
    const events: string[] = []
    const queue = new SettlementQueue()
    await Promise.all([queue.run('complete', tracked(events, 'a', 10)), queue.run('complete', tracked(events, 'b', 1))])
    expect(events.slice(0, 2)).toEqual(['start a', 'start b'])
  })

  it('goes on after a failed settlement, which still fails for its caller', async () => {
    const queue = new SettlementQueue()
    const failing = queue.run('exclusive', async () => {
      throw new Error('lock lost')
    })
    const next = queue.run('exclusive', async () => 'ok')
    const after = queue.run('complete', async () => 'done')
    await expect(failing).rejects.toThrow('lock lost')
    await expect(next).resolves.toBe('ok')
    await expect(after).resolves.toBe('done')
  })

  it('runs everything at once when disabled (only for proving the defect)', async () => {
    const events: string[] = []
    const queue = new SettlementQueue({ enabled: false })
    await Promise.all([queue.run('exclusive', tracked(events, 'a', 20)), queue.run('exclusive', tracked(events, 'b', 1))])
    expect(events.slice(0, 2)).toEqual(['start a', 'start b'])
  })
})
