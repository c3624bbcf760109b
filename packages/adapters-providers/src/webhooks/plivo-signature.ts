// The SDK's signature modules only: `plivo` itself loads the REST client and changes axios' global agents.
import { validateSignature } from 'plivo/dist/utils/security.js'
import { validateV3Signature } from 'plivo/dist/utils/v3Security.js'
import { readWebhookParams } from './read-webhook-params.js'
import type { SignatureCheck } from './signature-check.js'
import type { WebhookParams } from './webhook-params.js'
import type { WebhookRequest } from './webhook-request.js'

export interface PlivoSignatureOptions {
  authToken: string
  /** A subaccount's webhooks may also carry `X-Plivo-Signature-Ma-V3`, signed with the main account's token. */
  mainAccountAuthToken?: string | undefined
  /** V2 signs the URL and nonce only, not the body: accepted only when explicitly enabled and V3 is absent. */
  allowV2Signatures?: boolean | undefined
}

/**
 * Checks Plivo's V3 signature (`X-Plivo-Signature-V3` + `-V3-Nonce`) with the SDK's `validateV3Signature`.
 * The header may list several comma-separated signatures (e.g. during a token rotation): any match is valid.
 */
export function verifyPlivoSignature(request: WebhookRequest, options: PlivoSignatureOptions): SignatureCheck {
  const method = request.method.toUpperCase()
  // The SDK throws a misleading "Please provide authToken" for any other method.
  if (method !== 'GET' && method !== 'POST') return { valid: false, reason: 'unsupported_method' }
  const nonce = request.headers.get('x-plivo-signature-v3-nonce')?.trim()
  const v3 = signatureList(request.headers.get('x-plivo-signature-v3'))
  const mainV3 = signatureList(request.headers.get('x-plivo-signature-ma-v3'))
  if (nonce && (v3 || mainV3)) {
    // GET parameters travel in the URL, which the SDK reads itself; a POST's parameters are its form body.
    const params = method === 'POST' ? readWebhookParams(request) : {}
    if (!params) return { valid: false, reason: 'malformed_request' }
    try {
      if (v3 && validateV3Signature(method, request.publicUrl, nonce, options.authToken, v3, copy(params))) {
        return { valid: true, scheme: 'plivo-v3' }
      }
      const mainToken = options.mainAccountAuthToken
      if (mainV3 && mainToken && validateV3Signature(method, request.publicUrl, nonce, mainToken, mainV3, copy(params))) {
        return { valid: true, scheme: 'plivo-v3-main-account' }
      }
    } catch {
      return { valid: false, reason: 'malformed_request' }
    }
    return { valid: false, reason: 'invalid_signature' }
  }
  if (options.allowV2Signatures) return verifyV2(request, options.authToken)
  return { valid: false, reason: 'missing_signature' }
}

function verifyV2(request: WebhookRequest, authToken: string): SignatureCheck {
  const nonce = request.headers.get('x-plivo-signature-v2-nonce')?.trim()
  const signatures = signatureList(request.headers.get('x-plivo-signature-v2'))
  if (!nonce || !signatures) return { valid: false, reason: 'missing_signature' }
  try {
    const valid = signatures.split(',').some((signature) => validateSignature(request.publicUrl, nonce, signature, authToken))
    return valid ? { valid: true, scheme: 'plivo-v2' } : { valid: false, reason: 'invalid_signature' }
  } catch {
    return { valid: false, reason: 'malformed_request' }
  }
}

/** Comma-separated signatures with stray spaces removed (the SDK splits on bare commas); null when empty. */
function signatureList(header: string | null): string | null {
  const list = (header ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  return list.length > 0 ? list.join(',') : null
}

/** The SDK sorts array values in place; keep the caller's parameters untouched. */
function copy(params: WebhookParams): WebhookParams {
  const out: WebhookParams = {}
  for (const [key, value] of Object.entries(params)) out[key] = Array.isArray(value) ? [...value] : value
  return out
}
