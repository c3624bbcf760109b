// One virtual network: the Container Apps environment, the function's outbound integration and private
// endpoints each get a subnet. Nothing here is reachable from the internet except the function's own endpoint.

param prefix string
param location string
param tags object
param addressPrefix string = '10.40.0.0/16'
@description('Container Apps environment (workload profiles need at least a /27).')
param appsSubnetPrefix string = '10.40.0.0/23'
@description('Outbound VNet integration of the Flex Consumption function.')
param functionSubnetPrefix string = '10.40.2.0/24'
param privateEndpointsSubnetPrefix string = '10.40.3.0/24'

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: 'vnet-${prefix}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: 'apps'
        properties: {
          addressPrefix: appsSubnetPrefix
          delegations: [
            {
              name: 'containerapps'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
        }
      }
      {
        name: 'function'
        properties: {
          addressPrefix: functionSubnetPrefix
          // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments.
          delegations: [
            {
              name: 'flexconsumption'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: privateEndpointsSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

output vnetId string = vnet.id
output appsSubnetId string = '${vnet.id}/subnets/apps'
output functionSubnetId string = '${vnet.id}/subnets/function'
output privateEndpointsSubnetId string = '${vnet.id}/subnets/private-endpoints'
