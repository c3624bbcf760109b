import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (value: string): Uint8Array => new Uint8Array(createHash('sha256').update(value, 'utf8').digest())

/**
 * A set of static bearer tokens checked in constant time: every token is compared (no early exit) and the
 * comparison runs on fixed-length digests, so neither the match position nor the length leaks.
 */
export class TokenSet {
  readonly #digests: Uint8Array[]

  constructor(tokens: readonly string[]) {
    this.#digests = tokens.map(digest)
  }

  has(candidate: string): boolean {
    const d = digest(candidate)
    let found = false
    for (const known of this.#digests) found = timingSafeEqual(known, d) || found
    return found
  }
}
