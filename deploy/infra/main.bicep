// SMS notification service: everything one environment needs, in one resource group.
//   az deployment group create -g <rg> -f deploy/infra/main.bicep -p deploy/infra/parameters/<env>.bicepparam
// See docs/operations.md for the order of a first deployment (secrets, image, migration job).

targetScope = 'resourceGroup'

@allowed(['dev', 'staging', 'prod'])
param environmentName string
param location string = resourceGroup().location

@description('Service image, e.g. myregistry.azurecr.io/sms-notification:1.4.2 (built from deploy/container-app/Dockerfile).')
param image string
@description('Azure Container Registry the image comes from (name only); its login server is <name>.azurecr.io.')
param registryName string
@description('Resource group of that registry; AcrPull is granted there.')
param registryResourceGroup string = resourceGroup().name
@description('Version tag reported to Datadog (DD_VERSION).')
param imageTag string

@allowed(['Standard', 'Premium'])
param serviceBusSku string = 'Standard'
// Defaults are the service's own defaults (deploy/container-app config schema), so both sides agree.
param orderTopicName string = 'order-notifications'
param orderSubscriptionName string = 'sms-notification'
param retryQueueName string = 'sms-notification-retry'
param optOutTopicName string = 'sms-optout'
@description('Let the service identity read entity message counts for its receiver watchdog (grants Data Owner on two entities).')
param serviceReadsCounts bool = false

@allowed(['twilio', 'plivo'])
param smsProvider string
@allowed(['', 'twilio', 'plivo'])
@description('Provider tried after a transient failure of the primary; empty for none.')
param smsFallbackProvider string = ''
param twilioAccountSid string = ''
param twilioMessagingServiceSid string = ''
param plivoAuthId string = ''
param plivoApplicationId string = ''
param defaultRegion string = 'US'

param minReplicas int = 1
param maxReplicas int = 10
param messagesPerReplica int = 20
param maxConcurrentCalls int = 4
param maxAttempts int = 8
@description('SHUTDOWN_GRACE_MS of the service: time in-flight messages get on SIGTERM.')
param shutdownGraceMs int = 20000
@description('Container Apps waits this long after SIGTERM before SIGKILL; keep it above shutdownGraceMs.')
@minValue(1)
@maxValue(600)
param terminationGracePeriodSeconds int = 45
param logLevel string = 'info'

param databaseSku object = {
  name: 'GP_S_Gen5'
  tier: 'GeneralPurpose'
  family: 'Gen5'
  capacity: 1
}

param datadogSite string = 'datadoghq.com'
@description('Public base URL of the webhook function (custom domain or front door); empty: its azurewebsites.net host.')
param webhookPublicBaseUrl string = ''
@description('False on the very first deployment: creates identities, vault, Service Bus, SQL and network only, so the secrets can be written before anything reads them (docs/operations.md, "First deployment").')
param deployWorkloads bool = true
@description('DogStatsD host the function sends to (a Datadog agent reachable from the VNet); empty: no function metrics.')
param functionDogStatsdHost string = ''

var prefix = 'sms-${environmentName}'
var registryServer = '${registryName}${environment().suffixes.acrLoginServer}'
var suffix = uniqueString(resourceGroup().id)
var tags = {
  service: 'sms-notification'
  env: environmentName
}
var providers = empty(smsFallbackProvider) ? [smsProvider] : [smsProvider, smsFallbackProvider]
// Known before either side exists, which breaks the service <-> function reference cycle.
var webhookBaseUrl = empty(webhookPublicBaseUrl) ? 'https://func-${prefix}.azurewebsites.net' : webhookPublicBaseUrl

module identities 'modules/identities.bicep' = {
  name: 'identities'
  params: {
    prefix: prefix
    location: location
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    prefix: prefix
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    prefix: prefix
    location: location
    tags: tags
  }
}

module vault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: take('kv-${prefix}-${suffix}', 24)
    location: location
    tags: tags
    readerPrincipalIds: [identities.outputs.servicePrincipalId, identities.outputs.webhookPrincipalId]
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  params: {
    name: 'sb-${prefix}-${suffix}'
    location: location
    tags: tags
    sku: serviceBusSku
    orderTopicName: orderTopicName
    orderSubscriptionName: orderSubscriptionName
    retryQueueName: retryQueueName
    optOutTopicName: optOutTopicName
    servicePrincipalId: identities.outputs.servicePrincipalId
    scalerPrincipalId: identities.outputs.scalerPrincipalId
    serviceReadsCounts: serviceReadsCounts
  }
}

module sql 'modules/sql.bicep' = {
  name: 'sql'
  params: {
    prefix: '${prefix}-${suffix}'
    location: location
    tags: tags
    databaseSku: databaseSku
    adminLogin: identities.outputs.migratorName
    adminClientId: identities.outputs.migratorClientId
    vnetId: network.outputs.vnetId
    privateEndpointsSubnetId: network.outputs.privateEndpointsSubnetId
  }
}

module registryAccess 'modules/registry-access.bicep' = {
  name: 'registry-access'
  scope: resourceGroup(registryResourceGroup)
  params: {
    registryName: registryName
    principalIds: [identities.outputs.servicePrincipalId, identities.outputs.migratorPrincipalId]
  }
}

module service 'modules/container-app.bicep' = if (deployWorkloads) {
  name: 'container-app'
  dependsOn: [registryAccess]
  params: {
    prefix: prefix
    location: location
    tags: tags
    environmentName: environmentName
    appsSubnetId: network.outputs.appsSubnetId
    vnetId: network.outputs.vnetId
    logsCustomerId: monitoring.outputs.logsCustomerId
    logsName: monitoring.outputs.logsName
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    image: image
    registryServer: registryServer
    imageTag: imageTag
    serviceIdentityId: identities.outputs.serviceId
    serviceClientId: identities.outputs.serviceClientId
    scalerIdentityId: identities.outputs.scalerId
    keyVaultUri: vault.outputs.uri
    serviceBusNamespaceName: serviceBus.outputs.namespaceName
    serviceBusFqdn: serviceBus.outputs.fullyQualifiedNamespace
    orderTopicName: orderTopicName
    orderSubscriptionName: orderSubscriptionName
    retryQueueName: retryQueueName
    optOutTopicName: optOutTopicName
    maxConcurrentCalls: maxConcurrentCalls
    sqlServerFqdn: sql.outputs.serverFqdn
    databaseName: sql.outputs.databaseName
    smsProvider: smsProvider
    smsFallbackProvider: smsFallbackProvider
    twilioAccountSid: twilioAccountSid
    twilioMessagingServiceSid: twilioMessagingServiceSid
    plivoAuthId: plivoAuthId
    plivoApplicationId: plivoApplicationId
    webhookBaseUrl: webhookBaseUrl
    defaultRegion: defaultRegion
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    messagesPerReplica: messagesPerReplica
    shutdownGraceMs: shutdownGraceMs
    terminationGracePeriodSeconds: terminationGracePeriodSeconds
    maxAttempts: maxAttempts
    logLevel: logLevel
    datadogSite: datadogSite
  }
}

module migrations 'modules/migration-job.bicep' = if (deployWorkloads) {
  name: 'migration-job'
  dependsOn: [registryAccess]
  params: {
    prefix: prefix
    location: location
    tags: tags
    environmentId: service.outputs.environmentId
    image: image
    registryServer: registryServer
    migratorIdentityId: identities.outputs.migratorId
    migratorClientId: identities.outputs.migratorClientId
    sqlServerFqdn: sql.outputs.serverFqdn
    databaseName: sql.outputs.databaseName
  }
}

module webhook 'modules/function-app.bicep' = if (deployWorkloads) {
  name: 'function-app'
  params: {
    prefix: prefix
    location: location
    tags: tags
    environmentName: environmentName
    functionSubnetId: network.outputs.functionSubnetId
    webhookIdentityId: identities.outputs.webhookId
    webhookPrincipalId: identities.outputs.webhookPrincipalId
    webhookClientId: identities.outputs.webhookClientId
    keyVaultUri: vault.outputs.uri
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    serviceUrl: service.outputs.appUrl
    publicBaseUrl: webhookPublicBaseUrl
    providers: providers
    dogStatsdHost: functionDogStatsdHost
    version: imageTag
    logLevel: logLevel
  }
}

output serviceUrl string = deployWorkloads ? service.outputs.appUrl : ''
output webhookBaseUrl string = deployWorkloads ? webhook.outputs.publicBaseUrl : webhookBaseUrl
output migrationJobName string = deployWorkloads ? migrations.outputs.jobName : ''
output keyVaultName string = vault.outputs.name
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output sqlServer string = sql.outputs.serverFqdn
output serviceIdentityName string = identities.outputs.serviceName
output serviceIdentityClientId string = identities.outputs.serviceClientId
