const E164 = /^\+[1-9]\d{6,14}$/

/**
 * Reads a number from a webhook as E.164. Deliberately lenient (shape only, no numbering-plan check): a STOP
 * must never be dropped because a metadata table thinks the sender's number does not exist. Plivo sends
 * numbers as bare digits with the country code, so a missing `+` is added.
 */
export function webhookNumberToE164(raw: string | null | undefined): string | null {
  if (!raw) return null
  const compact = raw.trim().replace(/[\s().-]/g, '')
  const candidate = compact.startsWith('+') ? compact : `+${compact}`
  return E164.test(candidate) ? candidate : null
}
