import { buildApp } from './app.js'
import { ConfigError } from './config/config-error.js'
import { loadConfig } from './config/load-config.js'
import { startupBanner } from './startup-banner.js'
import { buildRuntime } from './runtime/build-runtime.js'

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
  const runtime = await buildRuntime(config)
  const app = await buildApp(runtime.appDeps)
  await runtime.start()
  const address = await app.listen({ port: config.env.PORT, host: config.env.HOST })
  process.stdout.write(startupBanner(config, address))
  runtime.logger.info({ address, queue: config.queueMode, provider: config.env.SMS_PROVIDER }, 'listening')

  let shuttingDown = false
  const shutdown = async (signal: string) => {
    if (shuttingDown) return
    shuttingDown = true
    runtime.logger.info({ signal, graceMs: config.env.SHUTDOWN_GRACE_MS }, 'shutting down')
    try {
      await runtime.stopWork()
      await app.close()
      await runtime.close()
      runtime.logger.info({}, 'stopped')
      runtime.logger.flush()
      process.exit(0)
    } catch (error) {
      runtime.logger.error({ err: error }, 'shutdown failed')
      runtime.logger.flush()
      process.exit(1)
    }
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  process.stderr.write(`startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
