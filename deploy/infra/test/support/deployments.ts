import { BicepDeployment, namedEntries, pathIn, type BicepValue, type NamedEntry } from '../../src/index.js'
import { mainBicep, parameterFile, type EnvironmentName } from './paths.js'

/**
 * What only Azure knows at deployment time, as realistic values: module outputs and resource properties the
 * evaluated settings refer to. A setting that needs anything else fails the evaluation by name.
 */
export const STAND_INS: Record<string, BicepValue> = {
  'identities.outputs.serviceId':
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-sms-service',
  'identities.outputs.servicePrincipalId': '11111111-1111-1111-1111-111111111111',
  'identities.outputs.serviceClientId': '21111111-1111-1111-1111-111111111111',
  'identities.outputs.serviceName': 'id-sms-service',
  'identities.outputs.scalerId':
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-sms-scaler',
  'identities.outputs.scalerPrincipalId': '12222222-2222-2222-2222-222222222222',
  'identities.outputs.migratorId':
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-sms-migrator',
  'identities.outputs.migratorPrincipalId': '13333333-3333-3333-3333-333333333333',
  'identities.outputs.migratorClientId': '23333333-3333-3333-3333-333333333333',
  'identities.outputs.migratorName': 'id-sms-migrator',
  'identities.outputs.webhookId':
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-sms-webhook',
  'identities.outputs.webhookPrincipalId': '14444444-4444-4444-4444-444444444444',
  'identities.outputs.webhookClientId': '24444444-4444-4444-4444-444444444444',
  'network.outputs.vnetId': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-sms',
  'network.outputs.appsSubnetId': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-sms/subnets/apps',
  'network.outputs.functionSubnetId':
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-sms/subnets/function',
  'network.outputs.privateEndpointsSubnetId':
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-sms/subnets/private-endpoints',
  'monitoring.outputs.logsCustomerId': '31111111-1111-1111-1111-111111111111',
  'monitoring.outputs.logsName': 'log-sms',
  'monitoring.outputs.insightsConnectionString':
    'InstrumentationKey=41111111-1111-1111-1111-111111111111;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
  'vault.outputs.uri': 'https://kv-sms-abc.vault.azure.net/',
  'vault.outputs.name': 'kv-sms-abc',
  'serviceBus.outputs.namespaceName': 'sb-sms-abc',
  'serviceBus.outputs.fullyQualifiedNamespace': 'sb-sms-abc.servicebus.windows.net',
  'sql.outputs.serverFqdn': 'sql-sms-abc.database.windows.net',
  'sql.outputs.databaseName': 'sms',
  'service.outputs.environmentId': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/cae-sms',
  'service.outputs.appUrl': 'https://ca-sms.kindbay-1234.westeurope.azurecontainerapps.io',
  'storage.name': 'stsmsabc',
  'subscription()': { subscriptionId: 's', tenantId: '51111111-1111-1111-1111-111111111111', id: '/subscriptions/s' },
  'environment()': { suffixes: { acrLoginServer: '.azurecr.io', sqlServerHostname: '.database.windows.net' } },
  'resourceGroup()': { id: '/subscriptions/s/resourceGroups/rg', name: 'rg', location: 'westeurope' },
  'storage.properties.primaryEndpoints.blob': 'https://stsmsabc.blob.core.windows.net/',
}

/** Values standing in for Key Vault secrets: long enough for every token rule of both schemas. */
export const sampleSecret = (name: string) => `sample-${name}-value-0123456789abcdef`

export const deployment = (env: EnvironmentName) => new BicepDeployment(mainBicep, parameterFile(env), STAND_INS)

/** The service container's environment as the deployment would set it. */
export function serviceEnv(env: EnvironmentName): NamedEntry[] {
  const module = deployment(env).module('service')
  return namedEntries(
    module.evaluate(pathIn(module.template.resource('app').value, ['properties', 'template', 'containers', { name: 'service' }, 'env'])),
  )
}

/** The function's app settings as the deployment would set them. */
export function functionSettings(env: EnvironmentName): NamedEntry[] {
  const module = deployment(env).module('webhook')
  return namedEntries(module.evaluate(pathIn(module.template.resource('site').value, ['properties', 'siteConfig', 'appSettings'])))
}

/** The migration job container's environment. */
export function migrationEnv(env: EnvironmentName): NamedEntry[] {
  const module = deployment(env).module('migrations')
  return namedEntries(
    module.evaluate(pathIn(module.template.resource('job').value, ['properties', 'template', 'containers', { name: 'migrate' }, 'env'])),
  )
}

/** name -> value, secrets replaced by sample values, Key Vault references likewise. */
export function asProcessEnv(entries: readonly NamedEntry[]): Record<string, string> {
  return Object.fromEntries(
    entries.map((e) => {
      if (e.secretRef !== undefined) return [e.name, sampleSecret(e.secretRef)]
      const reference = /^@Microsoft\.KeyVault\(SecretUri=.*\/secrets\/([^/]+)\/?\)$/.exec(e.value ?? '')
      return [e.name, reference ? sampleSecret(reference[1]!) : (e.value ?? '')]
    }),
  )
}
