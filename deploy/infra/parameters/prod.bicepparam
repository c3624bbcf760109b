using '../main.bicep'

param environmentName = 'prod'
param image = 'smsregistry.azurecr.io/sms-notification:1.0.0'
param registryName = 'smsregistry'
param imageTag = '1.0.0'

param serviceBusSku = 'Premium'

param smsProvider = 'twilio'
param smsFallbackProvider = 'plivo'
param twilioAccountSid = 'AC00000000000000000000000000000000'
param plivoAuthId = 'MA0000000000000000000'
param webhookPublicBaseUrl = 'https://sms-webhooks.example.com'

// Two replicas at all times: one can be replaced while the other keeps consuming and answering the API.
param minReplicas = 2
param maxReplicas = 20
param messagesPerReplica = 20
param maxConcurrentCalls = 8
// On-sale bursts hold more in-flight sends per replica; give them longer to drain on a rollout.
param shutdownGraceMs = 30000
param terminationGracePeriodSeconds = 60
param logLevel = 'info'
param databaseSku = {
  name: 'GP_Gen5'
  tier: 'GeneralPurpose'
  family: 'Gen5'
  capacity: 2
}
