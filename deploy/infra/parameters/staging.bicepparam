using '../main.bicep'

param environmentName = 'staging'
param image = 'smsregistry.azurecr.io/sms-notification:staging'
param registryName = 'smsregistry'
param imageTag = 'staging'

// Same provider layout as production, so failover is exercised before it matters.
param smsProvider = 'twilio'
param smsFallbackProvider = 'plivo'
param twilioAccountSid = 'AC00000000000000000000000000000000'
param plivoAuthId = 'MA0000000000000000000'

param minReplicas = 1
param maxReplicas = 4
param messagesPerReplica = 20
param logLevel = 'info'
