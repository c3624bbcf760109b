// Database migrations as a manually triggered Container Apps job (run it before rolling out a new revision).
// It runs the service image's CLI as the SQL server's Entra administrator (the migrator identity).

param prefix string
param location string
param tags object
param environmentId string
param image string
param registryServer string
param migratorIdentityId string
param migratorClientId string
param sqlServerFqdn string
param databaseName string

// The CLI reads the service's configuration schema: only variables it knows.
var migrationEnv = [
  {
    name: 'DATABASE_URL'
    value: 'mssql://${sqlServerFqdn}/${databaseName}?authentication=azure-active-directory-default&clientId=${migratorClientId}'
  }
  { name: 'AZURE_CLIENT_ID', value: migratorClientId }
  { name: 'LOG_LEVEL', value: 'info' }
]

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: 'caj-${prefix}-migrate'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${migratorIdentityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 1800
      // Migrations take an application lock (sp_getapplock) and are idempotent: one retry is safe.
      replicaRetryLimit: 1
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: [
        {
          server: registryServer
          identity: migratorIdentityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'migrate'
          image: image
          command: ['node', 'dist/src/cli.js']
          args: ['migrate']
          env: migrationEnv
          resources: {
            cpu: json('0.25')
            memory: '0.5Gi'
          }
        }
      ]
    }
  }
}

output jobName string = job.name
