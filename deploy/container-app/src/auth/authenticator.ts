import type { JwtVerifier } from './jwt-verifier.js'
import { TokenSet } from './token-set.js'

export type CallerKind = 'public' | 'internal'

export interface AuthSettings {
  apiTokens: readonly string[]
  internalTokens: readonly string[]
  jwt?: JwtVerifier
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/

/** Tells which kind of caller a bearer token belongs to, or null when it is nobody's. */
export class Authenticator {
  readonly #public: TokenSet
  readonly #internal: TokenSet
  readonly #jwt: JwtVerifier | undefined

  constructor(settings: AuthSettings) {
    this.#public = new TokenSet(settings.apiTokens)
    this.#internal = new TokenSet(settings.internalTokens)
    this.#jwt = settings.jwt
  }

  async classify(token: string): Promise<CallerKind | null> {
    // Both sets are always checked so the time taken does not tell which kind matched.
    const internal = this.#internal.has(token)
    const isPublic = this.#public.has(token)
    if (internal) return 'internal'
    if (isPublic) return 'public'
    if (this.#jwt && JWT_SHAPE.test(token) && (await this.#jwt.verify(token)) !== null) return 'public'
    return null
  }
}
