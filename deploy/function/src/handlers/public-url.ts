/**
 * The URL the provider signed: the configured public base URL, then the path and query string exactly as
 * this request carries them. Scheme and host never come from the request (behind a proxy they are not what
 * the provider called).
 */
export function signedUrlFor(publicBaseUrl: string, requestUrl: string): string {
  const pathAndQuery = requestUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/#.*$/, '')
  const withSlash = pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`
  return `${publicBaseUrl}${withSlash}`
}
