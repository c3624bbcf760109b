import { readFileSync } from 'node:fs'
import { MetricNames } from '@sms-notification/core'
import { FORWARD_FAILURE_METRIC, SIGNATURE_FAILURE_METRIC } from '@sms-notification/function'
import { describe, expect, it } from 'vitest'
import { emittedMetrics } from './support/emitted-metrics.js'
import { infraDir } from './support/paths.js'
import { join } from 'node:path'

interface Monitor {
  name: string
  type: string
  query: string
  message: string
  tags: string[]
  options: { thresholds: { critical: number; warning?: number } }
}

const monitors = JSON.parse(readFileSync(join(infraDir, 'datadog/monitors.json'), 'utf8')) as Monitor[]
const dashboard = JSON.parse(readFileSync(join(infraDir, 'datadog/dashboard.json'), 'utf8')) as {
  widgets: unknown[]
  template_variables: Array<{ name: string }>
}
const emitted = emittedMetrics()

// Metrics Datadog's Azure integration collects; they are not emitted by the code.
const AZURE_INTEGRATION = /^azure\.servicebus_namespaces\.[a-z_]+$/

/** Metric names in a Datadog query: `<aggregation>:<metric>{scope}`. */
function metricsIn(query: string): string[] {
  return [...query.matchAll(/(?:^|[\s(:,])(?:sum|avg|max|min|count|p\d{1,2}(?:\.\d+)?):([a-z][a-z0-9_.]*)\{/g)].map((m) => m[1]!)
}

function dashboardQueries(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(dashboardQueries)
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => (key === 'q' && typeof value === 'string' ? [value] : dashboardQueries(value)))
  }
  return []
}

const isKnown = (metric: string) => emitted.names.has(metric) || AZURE_INTEGRATION.test(metric)
const find = (predicate: (m: Monitor) => boolean) => {
  const found = monitors.filter(predicate)
  expect(found).toHaveLength(1)
  return found[0]!
}

describe('Datadog monitors', () => {
  it('query only metrics the code emits (or the Azure integration collects)', () => {
    for (const monitor of monitors) {
      const metrics = metricsIn(monitor.query)
      expect(metrics.length, monitor.name).toBeGreaterThan(0)
      expect(
        metrics.filter((m) => !isKnown(m)),
        monitor.name,
      ).toEqual([])
    }
  })

  it('alert when the send failure rate passes 5%', () => {
    const m = find((x) => x.query.includes(`${MetricNames.failed}{`) && x.query.includes(`${MetricNames.sent}{`))
    expect(m.query).toMatch(/\/\s*\(sum:sms\.sent\.total\{[^}]*\}[^)]*\.as_count\(\) \+ sum:sms\.failed\.total/)
    expect(m.query).toMatch(/\* 100 > 5$/)
    expect(m.options.thresholds.critical).toBe(5)
  })

  it('alert on webhook signature validation failures', () => {
    const m = find((x) => metricsIn(x.query).includes(MetricNames.webhookSignatureFailure))
    expect(m.options.thresholds.warning).toBe(0)
    // The function reports them under the name the core defines.
    expect(SIGNATURE_FAILURE_METRIC).toBe(MetricNames.webhookSignatureFailure)
  })

  it('alert when the provider API p95 latency passes 2 s, on a distribution', () => {
    const m = find((x) => metricsIn(x.query).includes(MetricNames.sendDuration))
    expect(m.query).toMatch(/^percentile\(last_\d+m\):p95:sms\.send\.duration\{/)
    expect(m.query).toMatch(/> 2000$/)
    expect(m.options.thresholds.critical).toBe(2000)
    // Percentiles merge across replicas only for distributions; histograms would be per host.
    expect(emitted.distributions.has(MetricNames.sendDuration)).toBe(true)
  })

  it('alert when the dead-letter queue is not empty', () => {
    const m = find((x) => metricsIn(x.query).includes('azure.servicebus_namespaces.dead_lettered_messages'))
    expect(m.query).toMatch(/> 0$/)
    expect(m.query).toMatch(/by \{[^}]*entityname[^}]*\}/)
    expect(m.options.thresholds.critical).toBe(0)
  })

  it('state the same critical threshold in the query and the options, and point to the runbook', () => {
    for (const monitor of monitors) {
      const comparator = /([<>]=?)\s*(-?\d+(?:\.\d+)?)$/.exec(monitor.query)
      expect(comparator, monitor.name).not.toBeNull()
      expect(Number(comparator![2]), monitor.name).toBe(monitor.options.thresholds.critical)
      expect(monitor.type).toBe('query alert')
      expect(monitor.message, monitor.name).toMatch(/docs\/operations\.md/)
    }
  })
})

describe('Datadog dashboard', () => {
  const queries = dashboardQueries(dashboard.widgets)

  it('charts only metrics the code emits (or the Azure integration collects)', () => {
    const metrics = queries.flatMap(metricsIn)
    expect(metrics.length).toBeGreaterThan(10)
    expect([...new Set(metrics.filter((m) => !isKnown(m)))]).toEqual([])
  })

  it('charts every metric of the core, the seed five included', () => {
    const charted = new Set(queries.flatMap(metricsIn))
    const missing = Object.values(MetricNames).filter((name) => !charted.has(name))
    expect(missing).toEqual([])
    expect(dashboard.template_variables.map((v) => v.name)).toContain('env')
  })

  it("charts the function's forward failures under the name it emits", () => {
    const charted = queries.filter((q) => metricsIn(q).includes(FORWARD_FAILURE_METRIC))
    expect(charted).toHaveLength(1)
    expect(charted[0]).toMatch(/by \{provider,reason\}/)
  })

  it('asks for percentiles only of distributions', () => {
    for (const q of queries) {
      for (const m of q.matchAll(/p\d{2}:([a-z0-9_.]+)\{/g)) expect(emitted.distributions.has(m[1]!), q).toBe(true)
    }
  })
})
