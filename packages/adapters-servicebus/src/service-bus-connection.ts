import { ServiceBusAdministrationClient, ServiceBusClient, type ServiceBusClientOptions } from '@azure/service-bus'
import type { TokenCredential } from '@azure/identity'

/**
 * How to reach Service Bus: a connection string (local emulator, or SAS), a namespace with Entra ID
 * (`DefaultAzureCredential`, optionally a user-assigned managed identity), or a client the caller owns.
 */
export type ServiceBusConnection =
  | { connectionString: string; clientOptions?: ServiceBusClientOptions }
  | {
      /** e.g. `my-namespace.servicebus.windows.net` */
      fullyQualifiedNamespace: string
      /** Client id of a user-assigned managed identity; omit for the system-assigned one. */
      managedIdentityClientId?: string
      /** Overrides `DefaultAzureCredential`. */
      credential?: TokenCredential
      clientOptions?: ServiceBusClientOptions
    }
  | { client: ServiceBusClient; administrationClient?: ServiceBusAdministrationClient }

export interface OpenedServiceBus {
  client: ServiceBusClient
  /** Undefined where the management API cannot be reached (the emulator). */
  administrationClient: ServiceBusAdministrationClient | undefined
  /** True when this package created the client and must close it. */
  owned: boolean
}

export async function openServiceBus(connection: ServiceBusConnection): Promise<OpenedServiceBus> {
  if ('client' in connection) {
    return { client: connection.client, administrationClient: connection.administrationClient, owned: false }
  }
  if ('connectionString' in connection) {
    const emulator = /UseDevelopmentEmulator\s*=\s*true/i.test(connection.connectionString)
    return {
      client: new ServiceBusClient(connection.connectionString, connection.clientOptions),
      administrationClient: emulator ? undefined : new ServiceBusAdministrationClient(connection.connectionString),
      owned: true,
    }
  }
  const credential = connection.credential ?? (await defaultCredential(connection.managedIdentityClientId))
  return {
    client: new ServiceBusClient(connection.fullyQualifiedNamespace, credential, connection.clientOptions),
    administrationClient: new ServiceBusAdministrationClient(connection.fullyQualifiedNamespace, credential),
    owned: true,
  }
}

// Loaded only when used: a connection-string deployment never pays for the identity library.
async function defaultCredential(managedIdentityClientId: string | undefined): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity')
  return managedIdentityClientId ? new DefaultAzureCredential({ managedIdentityClientId }) : new DefaultAzureCredential()
}
