// Azure SQL with Microsoft Entra authentication only (no SQL logins), reachable through a private endpoint.
// The migration job's identity is the server's Entra administrator; it creates the schema and the service's
// contained database user (see docs/operations.md, "Database access").

param prefix string
param location string
param tags object
param databaseName string = 'sms'
@description('Database SKU, e.g. S0 / GP_S_Gen5_1 (serverless).')
param databaseSku object = {
  name: 'GP_S_Gen5'
  tier: 'GeneralPurpose'
  family: 'Gen5'
  capacity: 1
}
@description('Name (login) of the Entra administrator: the migrator identity.')
param adminLogin string
@description('Client (application) id of the Entra administrator; for a managed identity this is its SID.')
param adminClientId string
param vnetId string
param privateEndpointsSubnetId string

resource server 'Microsoft.Sql/servers@2021-11-01' = {
  name: 'sql-${prefix}'
  location: location
  tags: tags
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Disabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      principalType: 'Application'
      login: adminLogin
      sid: adminClientId
      tenantId: subscription().tenantId
      azureADOnlyAuthentication: true
    }
  }
}

resource database 'Microsoft.Sql/servers/databases@2021-11-01' = {
  parent: server
  name: databaseName
  location: location
  tags: tags
  sku: databaseSku
  properties: {
    // Send history is kept for compliance: backups survive the loss of the region.
    requestedBackupStorageRedundancy: 'Geo'
  }
}

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: 'pe-sql-${prefix}'
  location: location
  tags: tags
  properties: {
    subnet: { id: privateEndpointsSubnetId }
    privateLinkServiceConnections: [
      {
        name: 'sql'
        properties: {
          privateLinkServiceId: server.id
          groupIds: ['sqlServer']
        }
      }
    ]
  }
}

resource dnsZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  #disable-next-line no-hardcoded-env-urls
  name: 'privatelink${environment().suffixes.sqlServerHostname}'
  location: 'global'
  tags: tags
}

resource dnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: dnsZone
  name: 'vnet'
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnetId }
  }
}

resource dnsGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = {
  parent: privateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'sql'
        properties: { privateDnsZoneId: dnsZone.id }
      }
    ]
  }
}

output serverFqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
