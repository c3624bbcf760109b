/**
 * Outcome of reading a signed webhook's payload. `ignored` is a well-formed callback this service has no use
 * for (e.g. an inbound-message status); `invalid` is one missing what the provider always sends.
 */
export type WebhookParseResult<T> = { kind: 'parsed'; value: T } | { kind: 'ignored'; reason: string } | { kind: 'invalid'; reason: string }
