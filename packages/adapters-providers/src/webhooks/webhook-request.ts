/** Reads a header case-insensitively; the WHATWG `Headers` class satisfies it. */
export interface HeaderReader {
  get(name: string): string | null
}

/** What a signature check needs from an HTTP request, whatever server received it. */
export interface WebhookRequest {
  method: string
  /**
   * The URL the provider was configured to call, with the query string exactly as received. Build it from
   * configuration (the public base URL), never from the Host header: behind a proxy the Host header lies.
   */
  publicUrl: string
  headers: HeaderReader
  /** The raw body, read once. */
  body: string
}
