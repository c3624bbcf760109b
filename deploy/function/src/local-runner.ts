// `npm run function:local`: the webhook function on plain HTTP (port 7071 like the Functions host) without
// the host itself, which cannot run everywhere.
import { ConfigError, loadConfig, type FunctionConfig } from './config.js'
import { createWebhookDeps } from './create-webhook-deps.js'
import { createLocalServer } from './local/local-server.js'

const port = Number(process.env.PORT ?? 7071)
const host = process.env.HOST ?? '127.0.0.1'

let config: FunctionConfig
try {
  // Locally the public URL is this server unless told otherwise.
  config = loadConfig({ WEBHOOK_PUBLIC_BASE_URL: `http://localhost:${port}`, ...process.env })
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  process.stderr.write(`${error.message}\n`)
  process.exit(1)
}

const deps = createWebhookDeps(config)
const server = createLocalServer(deps)
server.listen(port, host, () => {
  deps.logger.info(
    { url: `http://${host}:${port}/api/{provider}/webhook`, publicBaseUrl: config.publicBaseUrl, providers: enabledProviders() },
    'webhook function listening (local runner)',
  )
})

function enabledProviders(): string[] {
  const names: string[] = []
  if (config.twilio) names.push('twilio')
  if (config.plivo) names.push('plivo')
  return names
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => {
      deps.metrics.close()
      process.exit(0)
    })
    server.closeAllConnections()
  })
}
