// The service: a Container Apps environment inside the VNet with an internal load balancer, and the app itself
// (API + Service Bus consumer) with a Datadog agent sidecar for DogStatsD.

param prefix string
param location string
param tags object
@description('Deployment environment name, also the Datadog `env` tag.')
param environmentName string

param appsSubnetId string
param vnetId string
param logsCustomerId string
param logsName string
@secure()
param insightsConnectionString string

param image string
@description('Registry server the image is pulled from with the service identity (it needs AcrPull).')
param registryServer string
param imageTag string

param serviceIdentityId string
param serviceClientId string
param scalerIdentityId string
param keyVaultUri string

param serviceBusNamespaceName string
param serviceBusFqdn string
param orderTopicName string
param orderSubscriptionName string
param retryQueueName string
param optOutTopicName string
param maxConcurrentCalls int

param sqlServerFqdn string
param databaseName string

@allowed(['twilio', 'plivo'])
param smsProvider string
@allowed(['', 'twilio', 'plivo'])
param smsFallbackProvider string
param twilioAccountSid string
param twilioMessagingServiceSid string
param plivoAuthId string
param plivoApplicationId string
@description('Public base URL of the webhook function, for provider callbacks.')
param webhookBaseUrl string
@description('ISO 3166-1 alpha-2 region of numbers without a country code and of provisioned numbers.')
param defaultRegion string

param minReplicas int
param maxReplicas int
@description('Active messages on the subscription per replica before KEDA adds one.')
param messagesPerReplica int
@description('Time in-flight messages get on SIGTERM (SHUTDOWN_GRACE_MS).')
param shutdownGraceMs int
@description('Must exceed shutdownGraceMs: after it Container Apps sends SIGKILL.')
param terminationGracePeriodSeconds int
param maxAttempts int
param logLevel string
param datadogSite string

var useTwilio = smsProvider == 'twilio' || smsFallbackProvider == 'twilio'
var usePlivo = smsProvider == 'plivo' || smsFallbackProvider == 'plivo'
var servicePort = 3000

resource managedEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${prefix}'
  location: location
  tags: tags
  properties: {
    vnetConfiguration: {
      infrastructureSubnetId: appsSubnetId
      // Internal load balancer: apps get VNet addresses only, so even `external` ingress stays off the internet.
      internal: true
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logsCustomerId
        sharedKey: listKeys(resourceId('Microsoft.OperationalInsights/workspaces', logsName), '2023-09-01').primarySharedKey
      }
    }
  }
}

// The internal environment's apps resolve only through a private zone named after its default domain.
module dns 'environment-dns.bicep' = {
  name: 'environment-dns'
  params: {
    defaultDomain: managedEnvironment.properties.defaultDomain
    staticIp: managedEnvironment.properties.staticIp
    vnetId: vnetId
    tags: tags
  }
}

var baseSecrets = [
  {
    name: 'internal-api-token'
    keyVaultUrl: '${keyVaultUri}secrets/internal-api-token'
    identity: serviceIdentityId
  }
  {
    name: 'api-tokens'
    keyVaultUrl: '${keyVaultUri}secrets/api-tokens'
    identity: serviceIdentityId
  }
  {
    name: 'datadog-api-key'
    keyVaultUrl: '${keyVaultUri}secrets/datadog-api-key'
    identity: serviceIdentityId
  }
  {
    name: 'appinsights-connection-string'
    value: insightsConnectionString
  }
]
var twilioSecrets = useTwilio
  ? [
      {
        name: 'twilio-auth-token'
        keyVaultUrl: '${keyVaultUri}secrets/twilio-auth-token'
        identity: serviceIdentityId
      }
    ]
  : []
var plivoSecrets = usePlivo
  ? [
      {
        name: 'plivo-auth-token'
        keyVaultUrl: '${keyVaultUri}secrets/plivo-auth-token'
        identity: serviceIdentityId
      }
    ]
  : []

// Every variable here must be one the service's configuration schema knows (checked by deploy/infra/test).
var serviceEnv = [
  { name: 'PORT', value: string(servicePort) }
  { name: 'HOST', value: '0.0.0.0' }
  {
    name: 'DATABASE_URL'
    value: 'mssql://${sqlServerFqdn}/${databaseName}?authentication=azure-active-directory-default&clientId=${serviceClientId}'
  }
  // The migration job owns the schema; replicas never race to migrate.
  { name: 'RUN_MIGRATIONS', value: 'false' }
  { name: 'SERVICEBUS_NAMESPACE', value: serviceBusFqdn }
  { name: 'AZURE_CLIENT_ID', value: serviceClientId }
  { name: 'SERVICEBUS_TOPIC', value: orderTopicName }
  { name: 'SERVICEBUS_SUBSCRIPTION', value: orderSubscriptionName }
  { name: 'SERVICEBUS_RETRY_QUEUE', value: retryQueueName }
  { name: 'SERVICEBUS_OPTOUT_TOPIC', value: optOutTopicName }
  { name: 'SERVICEBUS_MAX_CONCURRENT_CALLS', value: string(maxConcurrentCalls) }
  { name: 'SMS_PROVIDER', value: smsProvider }
  // Empty means unset: no failover.
  { name: 'SMS_FALLBACK_PROVIDER', value: smsFallbackProvider }
  { name: 'API_TOKENS', secretRef: 'api-tokens' }
  { name: 'INTERNAL_API_TOKEN', secretRef: 'internal-api-token' }
  { name: 'STATUS_CALLBACK_URL', value: '${webhookBaseUrl}/api/${smsProvider}/status' }
  { name: 'INBOUND_WEBHOOK_URL', value: '${webhookBaseUrl}/api/${smsProvider}/webhook' }
  { name: 'DEFAULT_REGION', value: defaultRegion }
  { name: 'DD_AGENT_HOST', value: '127.0.0.1' }
  { name: 'DD_DOGSTATSD_PORT', value: '8125' }
  { name: 'DD_ENV', value: environmentName }
  { name: 'DD_SERVICE', value: 'sms-notification' }
  { name: 'DD_VERSION', value: imageTag }
  { name: 'LOG_LEVEL', value: logLevel }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'appinsights-connection-string' }
  { name: 'SHUTDOWN_GRACE_MS', value: string(shutdownGraceMs) }
  { name: 'MAX_ATTEMPTS', value: string(maxAttempts) }
]
var twilioEnv = useTwilio
  ? [
      { name: 'TWILIO_ACCOUNT_SID', value: twilioAccountSid }
      { name: 'TWILIO_AUTH_TOKEN', secretRef: 'twilio-auth-token' }
      { name: 'TWILIO_MESSAGING_SERVICE_SID', value: twilioMessagingServiceSid }
    ]
  : []
var plivoEnv = usePlivo
  ? [
      { name: 'PLIVO_AUTH_ID', value: plivoAuthId }
      { name: 'PLIVO_AUTH_TOKEN', secretRef: 'plivo-auth-token' }
      { name: 'PLIVO_APPLICATION_ID', value: plivoApplicationId }
    ]
  : []

// The agent sidecar shares the replica's network namespace, so the service reaches DogStatsD on 127.0.0.1.
var datadogAgentEnv = [
  { name: 'DD_API_KEY', secretRef: 'datadog-api-key' }
  { name: 'DD_SITE', value: datadogSite }
  { name: 'DD_ENV', value: environmentName }
  { name: 'DD_APM_ENABLED', value: 'false' }
  { name: 'DD_LOGS_ENABLED', value: 'false' }
  { name: 'DD_PROCESS_AGENT_ENABLED', value: 'false' }
  { name: 'DD_DOGSTATSD_NON_LOCAL_TRAFFIC', value: 'false' }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'ca-${prefix}'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${serviceIdentityId}': {}
      '${scalerIdentityId}': {}
    }
  }
  properties: {
    environmentId: managedEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        // In an internal environment `external` means "reachable from the VNet", which the function needs;
        // `external: false` would limit callers to apps of this environment.
        external: true
        targetPort: servicePort
        transport: 'http'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: serviceIdentityId
        }
      ]
      secrets: concat(baseSecrets, twilioSecrets, plivoSecrets)
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'service'
          image: image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(serviceEnv, twilioEnv, plivoEnv)
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz/live'
                port: servicePort
              }
              periodSeconds: 2
              failureThreshold: 30
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz/live'
                port: servicePort
              }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              // Readiness checks the database and the consumer; a failing replica leaves the load balancer
              // but keeps running, so a database blip does not restart every replica at once.
              type: 'Readiness'
              httpGet: {
                path: '/healthz/ready'
                port: servicePort
              }
              periodSeconds: 10
              timeoutSeconds: 5
              failureThreshold: 3
            }
          ]
        }
        {
          name: 'datadog-agent'
          image: 'gcr.io/datadoghq/agent:7'
          resources: {
            cpu: json('0.25')
            memory: '0.5Gi'
          }
          env: datadogAgentEnv
        }
      ]
      scale: {
        // At least one replica always runs: the internal API (consent updates from the webhook function) must
        // answer even when no order event is waiting.
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'order-subscription-backlog'
            custom: {
              type: 'azure-servicebus'
              identity: scalerIdentityId
              metadata: {
                namespace: serviceBusNamespaceName
                topicName: orderTopicName
                subscriptionName: orderSubscriptionName
                messageCount: string(messagesPerReplica)
              }
            }
          }
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

output environmentId string = managedEnvironment.id
output appFqdn string = app.properties.configuration.ingress.fqdn
output appUrl string = 'https://${app.properties.configuration.ingress.fqdn}'
