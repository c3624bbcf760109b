import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose'

export interface JwtSettings {
  issuer: string
  audience: string
  jwksUrl: string
}

/** Checks public-API JWTs against the issuer's JWKS (keys fetched and cached by jose). */
export class JwtVerifier {
  readonly #keys: JWTVerifyGetKey
  readonly #settings: JwtSettings

  constructor(settings: JwtSettings, keys?: JWTVerifyGetKey) {
    this.#settings = settings
    this.#keys = keys ?? createRemoteJWKSet(new URL(settings.jwksUrl))
  }

  /** The token's subject when it verifies; null for any invalid, expired, non-expiring or foreign token. */
  async verify(token: string): Promise<{ subject: string | null } | null> {
    try {
      const { payload } = await jwtVerify(token, this.#keys, {
        issuer: this.#settings.issuer,
        audience: this.#settings.audience,
        // jose checks `exp` only when present; a token without one would be valid forever.
        requiredClaims: ['exp'],
      })
      return { subject: payload.sub ?? null }
    } catch {
      return null
    }
  }
}
