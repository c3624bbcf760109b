export { startFakeProviderServer, FAKE_PROVIDER_CREDENTIALS } from './fake-provider-server.js'
export type {
  AcceptedMessage,
  FakeCredentials,
  FakeOperation,
  FakeProvider,
  FakeProviderServer,
  FakeProviderServerOptions,
  FakeResponse,
  RecordedRequest,
  RentedNumber,
} from './fake-provider-types.js'
