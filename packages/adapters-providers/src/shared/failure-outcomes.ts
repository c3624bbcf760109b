import type { ProvisionOutcome, ReleaseOutcome, SendOutcome, Sender, SenderResolution } from '@sms-notification/core'
import type { ProviderFailure } from './provider-failure.js'

export function sendFailureOutcome(
  provider: string,
  failure: ProviderFailure,
  context: { sender?: Sender; durationMs?: number },
): SendOutcome {
  const base = { provider, errorCode: failure.errorCode, ...context }
  if (failure.kind === 'transient') {
    // `ambiguous` travels only when true: the failover must not hand a possibly-sent message to another provider.
    return {
      ...base,
      kind: 'transient',
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      ...(failure.ambiguous ? { ambiguous: true } : {}),
    }
  }
  return { ...base, kind: failure.kind }
}

/** The outcome when the venue has no usable sender at this provider: the API is never called, so never ambiguous. */
export function unresolvedSenderOutcome(provider: string, resolution: Exclude<SenderResolution, { kind: 'sender' }>): SendOutcome {
  if (resolution.kind === 'unavailable') {
    return { provider, kind: 'transient', errorCode: resolution.errorCode, retryAfterMs: resolution.retryAfterMs }
  }
  return { provider, kind: 'configuration', errorCode: resolution.errorCode }
}

/** A failed number purchase: recipient-style rejections (bad area code, number just sold) mean "none to buy". */
export function provisionFailureOutcome(provider: string, failure: ProviderFailure): ProvisionOutcome {
  switch (failure.kind) {
    case 'transient':
      return failure.retryAfterMs === undefined
        ? { kind: 'transient', provider, errorCode: failure.errorCode }
        : { kind: 'transient', provider, errorCode: failure.errorCode, retryAfterMs: failure.retryAfterMs }
    case 'configuration':
      return { kind: 'configuration', provider, errorCode: failure.errorCode }
    default:
      return { kind: 'no-numbers', provider, errorCode: failure.errorCode }
  }
}

/** A failed release that is not "no such number": anything permanent needs a person, so it is configuration. */
export function releaseFailureOutcome(failure: ProviderFailure): ReleaseOutcome {
  if (failure.kind === 'transient') {
    return failure.retryAfterMs === undefined
      ? { kind: 'transient', errorCode: failure.errorCode }
      : { kind: 'transient', errorCode: failure.errorCode, retryAfterMs: failure.retryAfterMs }
  }
  return { kind: 'configuration', errorCode: failure.errorCode }
}
