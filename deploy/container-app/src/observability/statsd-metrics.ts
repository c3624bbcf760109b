import type { Metrics, MetricTags } from '@sms-notification/core'
import type { StatsD } from 'hot-shots'

/**
 * The core's `Metrics` port on a hot-shots DogStatsD client. The core's names already carry `sms.`; the optional
 * prefix is added only to names that do not start with it, so `sms.` never doubles up.
 */
export class StatsdMetrics implements Metrics {
  readonly #client: StatsD
  readonly #prefix: string

  constructor(client: StatsD, options: { prefix?: string } = {}) {
    this.#client = client
    const prefix = options.prefix ?? ''
    this.#prefix = prefix === '' || prefix.endsWith('.') ? prefix : `${prefix}.`
  }

  increment(name: string, tags?: MetricTags, value = 1): void {
    this.#client.increment(this.#name(name), value, toTags(tags))
  }

  distribution(name: string, value: number, tags?: MetricTags): void {
    this.#client.distribution(this.#name(name), value, toTags(tags))
  }

  gauge(name: string, value: number, tags?: MetricTags): void {
    this.#client.gauge(this.#name(name), value, toTags(tags))
  }

  #name(name: string): string {
    return this.#prefix === '' || name.startsWith(this.#prefix) ? name : `${this.#prefix}${name}`
  }
}

function toTags(tags: MetricTags | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(tags ?? {})) out[k] = String(v)
  return out
}
