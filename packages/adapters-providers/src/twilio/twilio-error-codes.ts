/** Twilio REST error codes (https://www.twilio.com/docs/api/errors) grouped by what the caller must do. */

export const TWILIO_OPTED_OUT = 21610

/** The recipient cannot get this SMS from us: permanent for the number, never failed over. */
export const TWILIO_INVALID_RECIPIENT: ReadonlySet<number> = new Set([
  21211, // invalid 'To' number
  21214, // 'To' number cannot be reached
  21217, // number does not appear to be valid
  21265, // 'To' cannot be a short code
  21401, // invalid phone number
  21407, // number type does not support SMS
  21408, // SMS not enabled for the recipient's region
  21421, // phone number is invalid
  21612, // 'To' not currently reachable via SMS
  21614, // 'To' is not a mobile number
  21635, // 'To' is a landline
])

/** Our account or sender is wrong: every message fails until a person fixes it. */
export const TWILIO_CONFIGURATION: ReadonlySet<number> = new Set([
  20003, // authentication failed
  20005, // account not active
  20008, // resource not accessible with test credentials
  21212, // invalid 'From' number
  21603, // 'From' is required
  21606, // 'From' is not a message-capable number of this account
  21608, // trial account: 'To' is unverified
  21659, // 'From' is not a Twilio number
  21660, // 'From' belongs to another account
])

/** Try again later: rate limits and queue overflow. */
export const TWILIO_TRANSIENT: ReadonlySet<number> = new Set([
  20429, // too many requests
  21611, // 'From' has too many queued messages
])

/** The number found by the search was sold to someone else before we bought it. */
export const TWILIO_NUMBER_UNAVAILABLE = 21422

export const TWILIO_NOT_FOUND = 20404
