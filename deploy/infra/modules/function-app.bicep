// The public webhook function on the Flex Consumption plan (Node 20, programming model v4). Its outbound
// traffic goes through the VNet, which is how it reaches the service's VNet-only ingress. Secrets are Key Vault
// references resolved with its own identity; host storage uses that identity too (no storage keys).

param prefix string
param location string
param tags object
param environmentName string
param functionSubnetId string
param webhookIdentityId string
param webhookPrincipalId string
param webhookClientId string
param keyVaultUri string
@secure()
param insightsConnectionString string

@description('Base URL of the service (the container app), reached through the VNet.')
param serviceUrl string
@description('Public base URL providers call; signatures are checked against it. Empty: the default host name.')
param publicBaseUrl string
@description('Providers whose webhooks the function accepts (primary and fallback).')
param providers array
@description('DogStatsD host reachable from the VNet (a Datadog agent); empty turns the function\'s metrics off.')
param dogStatsdHost string
param version string
param logLevel string
param maximumInstanceCount int = 40

var siteName = 'func-${prefix}'
var effectivePublicBaseUrl = empty(publicBaseUrl) ? 'https://${siteName}.azurewebsites.net' : publicBaseUrl
var blobOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('st${replace(prefix, '-', '')}${uniqueString(resourceGroup().id)}', 24)
  location: location
  tags: tags
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deployments 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'deployments'
}

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, webhookPrincipalId, blobOwner)
  scope: storage
  properties: {
    principalId: webhookPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobOwner)
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${prefix}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// Host settings: read by the Functions host, not by the function code.
var hostSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: storage.name }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: webhookClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insightsConnectionString }
]

// Every variable here must be one the function's configuration schema knows (checked by deploy/infra/test).
var webhookSettings = [
  { name: 'WEBHOOK_PUBLIC_BASE_URL', value: effectivePublicBaseUrl }
  { name: 'SMS_SERVICE_URL', value: serviceUrl }
  { name: 'INTERNAL_API_TOKEN', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/internal-api-token/)' }
  { name: 'DD_AGENT_HOST', value: dogStatsdHost }
  { name: 'DD_ENV', value: environmentName }
  { name: 'DD_SERVICE', value: 'sms-webhook-function' }
  { name: 'DD_VERSION', value: version }
  { name: 'LOG_LEVEL', value: logLevel }
]
var twilioSettings = contains(providers, 'twilio')
  ? [
      { name: 'TWILIO_AUTH_TOKEN', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/twilio-auth-token/)' }
    ]
  : []
var plivoSettings = contains(providers, 'plivo')
  ? [
      { name: 'PLIVO_AUTH_TOKEN', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/plivo-auth-token/)' }
    ]
  : []

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${webhookIdentityId}': {}
    }
  }
  dependsOn: [storageAccess]
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: webhookIdentityId
    // Flex Consumption sends the app's outbound traffic through this subnet, which is how it reaches the
    // service's VNet-only ingress (and resolves it through the environment's private DNS zone).
    virtualNetworkSubnetId: functionSubnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}deployments'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: webhookIdentityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'node'
        version: '20'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(hostSettings, webhookSettings, twilioSettings, plivoSettings)
    }
  }
}

output name string = site.name
output publicBaseUrl string = effectivePublicBaseUrl
