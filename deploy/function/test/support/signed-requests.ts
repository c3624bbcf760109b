import { HttpRequest } from '@azure/functions'
import { signPlivoV3 } from '@sms-notification/adapters-providers/plivo/webhooks'
import { signTwilio } from '@sms-notification/adapters-providers/twilio/webhooks'

export const PUBLIC_BASE_URL = 'https://hooks.example.com'
export const TWILIO_TOKEN = 'twilio-auth-token-for-tests'
export const PLIVO_TOKEN = 'plivo-auth-token-for-tests'

export interface SignedRequestOptions {
  /** Path and query as the provider calls them, e.g. `/api/twilio/webhook?venue=1`. */
  path: string
  params: Record<string, string>
  /** Host the request arrives on (the Functions host's own name, not the public one). */
  receivedOn?: string
  /** Sign with this token instead of the configured one. */
  token?: string
  /** Sign this URL instead of the public URL of `path`. */
  signedUrl?: string
  /** Send this body instead of the signed parameters. */
  bodyParams?: Record<string, string>
  omitSignature?: boolean
}

function httpRequest(options: SignedRequestOptions, headers: Record<string, string>): HttpRequest {
  const provider = /^\/api\/([^/]+)\//.exec(options.path)?.[1] ?? ''
  return new HttpRequest({
    method: 'POST',
    url: `${options.receivedOn ?? 'https://sms-webhooks-fn.azurewebsites.net'}${options.path}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    params: { provider },
    body: { string: new URLSearchParams(options.bodyParams ?? options.params).toString() },
  })
}

/** A request as Twilio sends it, signed with the SDK's own signer over the public URL. */
export function twilioRequest(options: SignedRequestOptions): HttpRequest {
  const url = options.signedUrl ?? `${PUBLIC_BASE_URL}${options.path}`
  const signature = signTwilio(options.token ?? TWILIO_TOKEN, url, options.params)
  return httpRequest(options, options.omitSignature ? {} : { 'x-twilio-signature': signature })
}

/** A request as Plivo sends it, with a V3 signature over the public URL. */
export function plivoRequest(options: SignedRequestOptions): HttpRequest {
  const url = options.signedUrl ?? `${PUBLIC_BASE_URL}${options.path}`
  const nonce = '12345678901234567890'
  const signature = signPlivoV3({ method: 'POST', url, nonce, authToken: options.token ?? PLIVO_TOKEN, params: options.params })
  return httpRequest(options, options.omitSignature ? {} : { 'x-plivo-signature-v3': signature, 'x-plivo-signature-v3-nonce': nonce })
}
