import type { Metrics, MetricTags } from '../src/ports/metrics.js'

export interface RecordedMetric {
  type: 'increment' | 'distribution' | 'gauge'
  name: string
  value: number
  tags: MetricTags
}

/** Keeps every metric emitted, for assertions. */
export class RecordingMetrics implements Metrics {
  readonly records: RecordedMetric[] = []
  increment(name: string, tags: MetricTags = {}, value = 1): void {
    this.records.push({ type: 'increment', name, value, tags })
  }
  distribution(name: string, value: number, tags: MetricTags = {}): void {
    this.records.push({ type: 'distribution', name, value, tags })
  }
  gauge(name: string, value: number, tags: MetricTags = {}): void {
    this.records.push({ type: 'gauge', name, value, tags })
  }
  /** Sum of a counter, optionally only where the given tags match. */
  count(name: string, tags: MetricTags = {}): number {
    return this.records
      .filter((r) => r.type === 'increment' && r.name === name && Object.entries(tags).every(([k, v]) => r.tags[k] === v))
      .reduce((n, r) => n + r.value, 0)
  }
}
