// One user-assigned identity per job to do, so each holds only the roles its job needs.

param prefix string
param location string
param tags object

// The service: Service Bus data roles, Key Vault secrets, its SQL database user.
resource service 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${prefix}-service'
  location: location
  tags: tags
}

// The KEDA scale rule only: reads the subscription's message count (Data Owner on the order topic).
resource scaler 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${prefix}-scaler'
  location: location
  tags: tags
}

// The migration job: the SQL server's Entra administrator; creates the schema and the service's database user.
resource migrator 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${prefix}-migrator'
  location: location
  tags: tags
}

// The webhook function: its Key Vault secrets and its host storage, nothing else.
resource webhook 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${prefix}-webhook'
  location: location
  tags: tags
}

output serviceId string = service.id
output servicePrincipalId string = service.properties.principalId
output serviceClientId string = service.properties.clientId
output serviceName string = service.name
output scalerId string = scaler.id
output scalerPrincipalId string = scaler.properties.principalId
output migratorId string = migrator.id
output migratorPrincipalId string = migrator.properties.principalId
output migratorClientId string = migrator.properties.clientId
output migratorName string = migrator.name
output webhookId string = webhook.id
output webhookPrincipalId string = webhook.properties.principalId
output webhookClientId string = webhook.properties.clientId
