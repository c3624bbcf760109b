// Logs of the Container Apps environment and traces (Application Insights) of both workloads.

param prefix string
param location string
param tags object
param retentionInDays int = 30

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${prefix}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${prefix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

output logsCustomerId string = logs.properties.customerId
output logsName string = logs.name
output insightsConnectionString string = insights.properties.ConnectionString
