import type { StartedNetwork, StartedTestContainer } from 'testcontainers'
import { OPT_OUT_TOPIC, RETRY_QUEUE, SUBSCRIPTION, TOPIC } from './service-bus-fixture.js'

const EMULATOR_IMAGE = process.env['SERVICEBUS_EMULATOR_IMAGE'] ?? 'mcr.microsoft.com/azure-messaging/servicebus-emulator:latest'
const SQL_IMAGE = process.env['SERVICEBUS_EMULATOR_SQL_IMAGE'] ?? 'mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04'
const SA_PASSWORD = 'Emulator-Passw0rd!'

const entityProperties = {
  DeadLetteringOnMessageExpiration: false,
  DefaultMessageTimeToLive: 'PT1H',
  LockDuration: 'PT1M',
  MaxDeliveryCount: 10,
  RequiresSession: false,
}

/** The entities the service uses, declared up front: the emulator has no management API. */
export const emulatorConfig = {
  UserConfig: {
    Namespaces: [
      {
        Name: 'sbemulatorns',
        Queues: [
          {
            Name: RETRY_QUEUE,
            Properties: {
              ...entityProperties,
              DuplicateDetectionHistoryTimeWindow: 'PT10M',
              ForwardDeadLetteredMessagesTo: '',
              ForwardTo: '',
              RequiresDuplicateDetection: true,
            },
          },
        ],
        Topics: [
          {
            Name: TOPIC,
            Properties: {
              DefaultMessageTimeToLive: 'PT1H',
              DuplicateDetectionHistoryTimeWindow: 'PT10M',
              RequiresDuplicateDetection: false,
            },
            Subscriptions: [
              { Name: SUBSCRIPTION, Properties: { ...entityProperties, ForwardDeadLetteredMessagesTo: '', ForwardTo: '' }, Rules: [] },
            ],
          },
          {
            Name: OPT_OUT_TOPIC,
            Properties: {
              DefaultMessageTimeToLive: 'PT1H',
              DuplicateDetectionHistoryTimeWindow: 'PT10M',
              RequiresDuplicateDetection: true,
            },
            Subscriptions: [
              { Name: 'audit', Properties: { ...entityProperties, ForwardDeadLetteredMessagesTo: '', ForwardTo: '' }, Rules: [] },
            ],
          },
        ],
      },
    ],
    Logging: { Type: 'File' },
  },
}

export interface StartedEmulator {
  connectionString: string
  stop(): Promise<void>
}

/**
 * The Service Bus emulator and the SQL Server it needs, on one network. testcontainers 11.x has no Service Bus
 * module (`@testcontainers/azureservicebus` exists only as 12.x, which needs Node 22), so both run as generic
 * containers.
 */
export async function startServiceBusEmulator(): Promise<StartedEmulator> {
  const { GenericContainer, Network, Wait } = await import('testcontainers')
  const network: StartedNetwork = await new Network().start()
  const sql: StartedTestContainer = await new GenericContainer(SQL_IMAGE)
    .withNetwork(network)
    .withNetworkAliases('sqlserver')
    .withEnvironment({ ACCEPT_EULA: 'Y', MSSQL_SA_PASSWORD: SA_PASSWORD })
    .withWaitStrategy(Wait.forLogMessage(/SQL Server is now ready for client connections/))
    .withStartupTimeout(180_000)
    .start()
  const emulator = await new GenericContainer(EMULATOR_IMAGE)
    .withNetwork(network)
    .withEnvironment({ ACCEPT_EULA: 'Y', SQL_SERVER: 'sqlserver', MSSQL_SA_PASSWORD: SA_PASSWORD })
    .withCopyContentToContainer([{ content: JSON.stringify(emulatorConfig), target: '/ServiceBus_Emulator/ConfigFiles/Config.json' }])
    .withExposedPorts(5672)
    .withWaitStrategy(Wait.forLogMessage(/Emulator Service is Successfully Up/))
    .withStartupTimeout(240_000)
    .start()
  const endpoint = `sb://${emulator.getHost()}:${emulator.getMappedPort(5672)}`
  return {
    connectionString: `Endpoint=${endpoint};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;`,
    async stop() {
      await emulator.stop()
      await sql.stop()
      await network.stop()
    },
  }
}

/** testcontainers fails in milliseconds without a daemon; ask once, before registering the suite. */
export async function dockerUnavailableReason(): Promise<string | null> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers')
    await getContainerRuntimeClient()
    return null
  } catch (error) {
    return `no Docker daemon for the Service Bus emulator (${(error as Error).message.split('\n')[0]})`
  }
}
