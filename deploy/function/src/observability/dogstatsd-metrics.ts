import { createSocket, type Socket } from 'node:dgram'
import type { MetricTags, Metrics } from '@sms-notification/core/inbound'

export interface DogStatsdOptions {
  host: string
  port: number
  /** Added to every metric (`service`, `env`, `version`). */
  tags?: Record<string, string>
}

export interface ClosableMetrics extends Metrics {
  close(): void
}

/**
 * A few lines of DogStatsD over UDP instead of a client library: the function sends a couple of counters and
 * loads nothing it does not need at cold start. Sends are fire-and-forget; a metric never fails a request.
 */
export function createDogStatsdMetrics(options: DogStatsdOptions): ClosableMetrics {
  let socket: Socket | null = null
  const globalTags = options.tags ?? {}
  const send = (name: string, value: number, type: 'c' | 'd' | 'g', tags?: MetricTags) => {
    if (!socket) {
      socket = createSocket(options.host.includes(':') ? 'udp6' : 'udp4')
      socket.on('error', () => {})
      socket.unref()
    }
    const line = `${name}:${value}|${type}${formatTags({ ...globalTags, ...tags })}`
    socket.send(line, options.port, options.host, () => {})
  }
  return {
    increment: (name, tags, value = 1) => send(name, value, 'c', tags),
    distribution: (name, value, tags) => send(name, value, 'd', tags),
    gauge: (name, value, tags) => send(name, value, 'g', tags),
    close: () => {
      socket?.close()
      socket = null
    },
  }
}

function formatTags(tags: MetricTags): string {
  const parts = Object.entries(tags).map(([key, value]) => `${clean(key)}:${clean(String(value))}`)
  return parts.length > 0 ? `|#${parts.join(',')}` : ''
}

// These characters delimit the DogStatsD datagram; inside a tag they would corrupt it.
function clean(text: string): string {
  return text.replace(/[|,#\n\r]/g, '_')
}
