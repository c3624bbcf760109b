import { exportJWK, generateKeyPair, SignJWT, createLocalJWKSet } from 'jose'
import { describe, expect, it } from 'vitest'
import { Authenticator } from './authenticator.js'
import { JwtVerifier } from './jwt-verifier.js'
import { TokenSet } from './token-set.js'

describe('TokenSet', () => {
  it('matches only exact tokens, whatever their length', () => {
    const set = new TokenSet(['alpha-token-0123456789', 'beta-token-0123456789'])
    expect(set.has('beta-token-0123456789')).toBe(true)
    expect(set.has('beta-token-012345678')).toBe(false)
    expect(set.has('beta-token-01234567890')).toBe(false)
    expect(set.has('')).toBe(false)
  })
})

describe('Authenticator', () => {
  const auth = new Authenticator({ apiTokens: ['public-token-0123456789'], internalTokens: ['internal-token-0123456789'] })

  it('tells public from internal tokens and rejects unknown ones', async () => {
    expect(await auth.classify('public-token-0123456789')).toBe('public')
    expect(await auth.classify('internal-token-0123456789')).toBe('internal')
    expect(await auth.classify('someone-else-0123456789')).toBeNull()
  })

  it('accepts every internal token of a rotation, and only those', async () => {
    const rotating = new Authenticator({
      apiTokens: ['public-token-0123456789'],
      internalTokens: ['old-internal-0123456789', 'new-internal-0123456789'],
    })
    expect(await rotating.classify('old-internal-0123456789')).toBe('internal')
    expect(await rotating.classify('new-internal-0123456789')).toBe('internal')
    expect(await rotating.classify('old-internal-0123456789,new-internal-0123456789')).toBeNull()
    expect(await rotating.classify('public-token-0123456789')).toBe('public')
  })

  it('accepts a JWT from the configured issuer and audience as a public caller', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256')
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }
    const keys = createLocalJWKSet({ keys: [jwk] })
    const settings = { issuer: 'https://issuer.test', audience: 'sms-api', jwksUrl: 'https://issuer.test/jwks' }
    const withJwt = new Authenticator({
      apiTokens: [],
      internalTokens: ['internal-token-0123456789'],
      jwt: new JwtVerifier(settings, keys),
    })
    const sign = (claims: { iss: string; aud: string; exp: string }) =>
      new SignJWT({ sub: 'billing-service' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(claims.iss)
        .setAudience(claims.aud)
        .setIssuedAt()
        .setExpirationTime(claims.exp)
        .sign(privateKey)
    expect(await withJwt.classify(await sign({ iss: settings.issuer, aud: settings.audience, exp: '5m' }))).toBe('public')
    expect(await withJwt.classify(await sign({ iss: 'https://evil.test', aud: settings.audience, exp: '5m' }))).toBeNull()
    expect(await withJwt.classify(await sign({ iss: settings.issuer, aud: 'other', exp: '5m' }))).toBeNull()
    expect(await withJwt.classify(await sign({ iss: settings.issuer, aud: settings.audience, exp: '-1m' }))).toBeNull()
    // Right issuer, audience and signature, but no `exp`: it would never expire, so it is refused.
    const forever = await new SignJWT({ sub: 'billing-service' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .sign(privateKey)
    expect(await withJwt.classify(forever)).toBeNull()
    expect(await new JwtVerifier(settings, keys).verify(forever)).toBeNull()
  })
})
