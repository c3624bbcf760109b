import { noopMetrics, type Logger, type Metrics } from '@sms-notification/core'
import StatsDClient, { type StatsD } from 'hot-shots'
import { StatsdMetrics } from './statsd-metrics.js'

export interface MetricsSettings {
  enabled: boolean
  host?: string
  port: number
  prefix: string
  tags: Record<string, string | undefined>
  /** Record lines in `client.mockBuffer` instead of sending UDP (tests). */
  mock?: boolean
}

export interface MetricsHandle {
  metrics: Metrics
  close(): Promise<void>
  /** The underlying client, for tests (its `mockBuffer`). */
  client?: StatsD
}

/** DogStatsD metrics when enabled, else a no-op sink. Send errors are logged, never thrown into a request. */
export function createMetrics(settings: MetricsSettings, logger: Logger): MetricsHandle {
  if (!settings.enabled) return { metrics: noopMetrics, close: async () => {} }
  const globalTags: Record<string, string> = {}
  for (const [k, v] of Object.entries(settings.tags)) if (v) globalTags[k] = v
  let reported = false
  const client = new StatsDClient({
    ...(settings.host ? { host: settings.host } : {}),
    port: settings.port,
    globalTags,
    mock: settings.mock ?? false,
    errorHandler: (error) => {
      // One line is enough: a missing agent would otherwise log on every metric.
      if (!reported) logger.warn({ code: (error as { code?: string }).code ?? 'unknown' }, 'DogStatsD send failed')
      reported = true
    },
  })
  return {
    metrics: new StatsdMetrics(client, { prefix: settings.prefix }),
    client,
    close: () => new Promise<void>((resolve) => client.close(() => resolve())),
  }
}
