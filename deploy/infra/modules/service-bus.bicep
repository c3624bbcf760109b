// Service Bus: the order topic and this service's subscription, the retry queue the service owns, and the
// sms-optout topic. Local (SAS) auth is off: every caller uses Entra ID.

@description('Namespace name (globally unique).')
param name string
param location string
param tags object

@allowed(['Standard', 'Premium'])
@description('Standard is enough for topics and duplicate detection; Premium adds private endpoints and isolation.')
param sku string = 'Standard'

@description('Topic the platform publishes SendOrderConfirmationSms to (the service default is order-notifications).')
param orderTopicName string
@description('This service\'s subscription on the order topic.')
param orderSubscriptionName string
@description('Queue owned by the service for delayed retries.')
param retryQueueName string
@description('Topic receiving SmsUnsubscribe / SmsResubscribe.')
param optOutTopicName string

@description('Peek-lock duration. The SDK renews locks while a message is handled, so one minute is plenty.')
param lockDuration string = 'PT1M'
@description('Broker-side backstop for crash loops; the service dead-letters after MAX_ATTEMPTS through its retry queue first.')
param maxDeliveryCount int = 10
@description('Duplicate-detection window of sms-optout; the outbox relay republishes with the same message id.')
param optOutDuplicateWindow string = 'PT1H'
@description('Duplicate-detection window of the retry queue; it only has to outlast a lock expiry and the redelivery of the original.')
param retryDuplicateWindow string = 'PT10M'

@description('Principal id of the service\'s identity (receives, sends retries and opt-out events).')
param servicePrincipalId string
@description('Principal id of the identity the KEDA scaler uses to read message counts.')
param scalerPrincipalId string
@description('Also let the service identity read message counts (its receiver watchdog compares them with what it receives). This needs Data Owner on the order topic and the retry queue, which also allows managing them: off unless the watchdog is wanted.')
param serviceReadsCounts bool = false

// Built-in role definition ids.
var dataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
var dataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var dataOwner = '090c5cfd-751d-490a-894a-3ce6f1109419'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  // Premium is sold in messaging units; Standard has none to set.
  sku: sku == 'Premium' ? { name: 'Premium', tier: 'Premium', capacity: 1 } : { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource orderTopic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: orderTopicName
  properties: {
    defaultMessageTimeToLive: 'P14D'
    enableBatchedOperations: true
  }
}

resource orderSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = {
  parent: orderTopic
  name: orderSubscriptionName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    deadLetteringOnFilterEvaluationExceptions: true
    defaultMessageTimeToLive: 'P14D'
    enableBatchedOperations: true
  }
}

resource retryQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: retryQueueName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    // A retry copy's message id is deterministic (<id>:retry:<attempt>): when the service dies between
    // scheduling the copy and completing the original, the redelivered original schedules the same id again and
    // this drops it. A replayed dead letter gets a new id, so its copies are never taken for the first run's.
    // Service Bus sets this only when the queue is created: an existing queue without it must be recreated.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: retryDuplicateWindow
    enableBatchedOperations: true
  }
}

resource optOutTopic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: optOutTopicName
  properties: {
    defaultMessageTimeToLive: 'P14D'
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: optOutDuplicateWindow
    enableBatchedOperations: true
  }
}

// Least privilege, scoped to entities rather than the namespace.
resource receiveOrders 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(orderSubscription.id, servicePrincipalId, dataReceiver)
  scope: orderSubscription
  properties: {
    principalId: servicePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
  }
}

resource receiveRetries 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(retryQueue.id, servicePrincipalId, dataReceiver)
  scope: retryQueue
  properties: {
    principalId: servicePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
  }
}

resource sendRetries 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(retryQueue.id, servicePrincipalId, dataSender)
  scope: retryQueue
  properties: {
    principalId: servicePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
  }
}

resource sendOptOuts 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(optOutTopic.id, servicePrincipalId, dataSender)
  scope: optOutTopic
  properties: {
    principalId: servicePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
  }
}

// Reading an entity's message count goes through the management plane of Service Bus, which only Data Owner
// allows. It is granted to a separate identity used by nothing but the scale rule, on the order topic only.
resource scalerReadsCounts 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(orderTopic.id, scalerPrincipalId, dataOwner)
  scope: orderTopic
  properties: {
    principalId: scalerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataOwner)
  }
}

resource serviceReadsOrderCounts 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (serviceReadsCounts) {
  name: guid(orderTopic.id, servicePrincipalId, dataOwner)
  scope: orderTopic
  properties: {
    principalId: servicePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataOwner)
  }
}

resource serviceReadsRetryCounts 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (serviceReadsCounts) {
  name: guid(retryQueue.id, servicePrincipalId, dataOwner)
  scope: retryQueue
  properties: {
    principalId: servicePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataOwner)
  }
}

output namespaceName string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output namespaceId string = namespace.id
