// Entry the Functions host loads (package.json `main`). Configuration is validated here, at cold start, so
// a missing setting fails the deployment loudly instead of failing every request.
import { app } from '@azure/functions'
import { loadConfig } from '../config.js'
import { createWebhookDeps } from '../create-webhook-deps.js'
import { handleWebhook } from '../handlers/handle-webhook.js'

const deps = createWebhookDeps(loadConfig(process.env))

app.http('providerInboundWebhook', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: '{provider}/webhook',
  handler: (request, context) => handleWebhook('inbound', request, context, deps),
})

app.http('providerStatusCallback', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: '{provider}/status',
  handler: (request, context) => handleWebhook('status', request, context, deps),
})
