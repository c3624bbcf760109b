using '../main.bicep'

param environmentName = 'dev'
param image = 'smsregistry.azurecr.io/sms-notification:dev'
param registryName = 'smsregistry'
param imageTag = 'dev'

param smsProvider = 'twilio'
param twilioAccountSid = 'AC00000000000000000000000000000000'

// One replica, scaled out only by a real backlog; a failed send is cheap to retry here.
param minReplicas = 1
param maxReplicas = 2
param messagesPerReplica = 50
param logLevel = 'debug'
param databaseSku = {
  name: 'GP_S_Gen5'
  tier: 'GeneralPurpose'
  family: 'Gen5'
  capacity: 1
}
