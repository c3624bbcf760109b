/**
 * Numbers reserved for fiction: in the North American Numbering Plan, 555-0100 through 555-0199 in every area
 * code are set aside for fictional use and never assigned to subscribers (NANPA, "555 NXX Line Numbers";
 * ATIS-0300115). They are valid E.164 and pass libphonenumber's validation, so the whole stack accepts them.
 */
export const FICTIONAL_LINE_FIRST = 100
export const FICTIONAL_LINE_LAST = 199

/** Countries sharing the NANP (+1) where the 555-01XX reservation applies. */
export const NANP_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA'])

/**
 * Geographic area codes used when the caller names none. Picking among several, at a random free line, keeps a
 * restarted simulator (which forgets its rentals) from handing out a number a stored venue already holds.
 */
export const DEFAULT_AREA_CODES: readonly string[] = ['212', '206', '303', '312', '404', '415', '512', '617', '702', '615']

/** The fictional number `+1 <area> 555 01XX` for line `XX` (0-99). */
export function fictionalNumber(areaCode: string, line: number): string {
  return `+1${areaCode}5550${String(FICTIONAL_LINE_FIRST + line).padStart(3, '0')}`
}

export function isFictionalNumber(e164: string): boolean {
  const match = /^\+1[2-9]\d{2}5550(\d{3})$/.exec(e164)
  if (!match) return false
  const line = Number(match[1])
  return line >= FICTIONAL_LINE_FIRST && line <= FICTIONAL_LINE_LAST
}
