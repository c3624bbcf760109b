export type SignatureScheme = 'twilio' | 'plivo-v3' | 'plivo-v3-main-account' | 'plivo-v2'

export type SignatureFailureReason =
  /** No signature header (or no nonce) on the request. */
  | 'missing_signature'
  /** A signature was present and did not match. */
  | 'invalid_signature'
  /** The provider never signs this HTTP method. */
  | 'unsupported_method'
  /** The body or URL could not be read as the provider sends them. */
  | 'malformed_request'

/** Outcome of checking a webhook's signature; a failure is an expected outcome, not an exception. */
export type SignatureCheck = { valid: true; scheme: SignatureScheme } | { valid: false; reason: SignatureFailureReason }
