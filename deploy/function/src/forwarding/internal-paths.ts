/** The SMS service's internal endpoints the function forwards to. */
export const INTERNAL_PATHS = {
  consentUpdate: '/api/internal/consent/update',
  deliveryStatus: '/api/internal/delivery-status',
} as const

/**
 * The delivery-status endpoint's 404 code for a provider message id it has no send for. A report can outrun
 * the commit of its send's outcome, so for a while this means "not yet", not "never".
 */
export const UNKNOWN_PROVIDER_MESSAGE = 'UNKNOWN_PROVIDER_MESSAGE'

/**
 * The delivery-status endpoint's status for a report that matched no recorded send but carried a carrier
 * opt-out, recorded from the report's `from`/`to`: done, like any 2xx, and never retried.
 */
export const OPT_OUT_RECORDED = 202
