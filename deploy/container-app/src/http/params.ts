import { z } from 'zod'

/** Ids (venues, numbers) are SQL `integer` columns: a larger value is bad input, not a database error. */
export const MAX_DATABASE_ID = 2_147_483_647

/** A positive integer in a path or query string; stricter than coercion (no `1e3`, no blanks). */
export const positiveIntString = (what: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/, `${what} must be a positive integer`)
    .transform(Number)
    .pipe(z.number().int().max(MAX_DATABASE_ID, `${what} must be at most ${MAX_DATABASE_ID}`))

/** A positive integer id in a JSON body, bounded like the path and query ids. */
export const databaseId = (what: string) =>
  z
    .number({ message: `${what} must be a positive integer` })
    .int(`${what} must be a positive integer`)
    .min(1, `${what} must be a positive integer`)
    .max(MAX_DATABASE_ID, `${what} must be at most ${MAX_DATABASE_ID}`)

// The narrowest time column the adapters write is SQL Server's datetime2 (0001-01-01 to 9999-12-31); an offset
// can push a valid-looking 9999-12-31T23:00-05:00 past it.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z')
const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

/** An ISO 8601 date-time with an offset, within what every supported database can store. */
export const isoDateTime = () =>
  z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).refine((v) => {
    const t = Date.parse(v)
    return t >= EARLIEST && t <= LATEST
  }, 'must be between 0001-01-01 and 9999-12-31')

const RECORDS_START = Date.parse('2000-01-01T00:00:00Z')
/** Clock skew between the caller and us that is still believable. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000

/**
 * When something happened, as reported by a caller: not before 2000 (no record here is older) and not more
 * than a few minutes ahead of our clock. A future time would win every later last-writer-wins comparison.
 */
export const eventTime = (what: string, now: () => Date) =>
  // Both bounds lie inside the range every database stores, so no separate storage check is needed.
  z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).superRefine((v, ctx) => {
    const t = Date.parse(v)
    if (t < RECORDS_START) ctx.addIssue({ code: 'custom', message: `${what} must not be before 2000-01-01` })
    else if (t > now().getTime() + FUTURE_TOLERANCE_MS)
      ctx.addIssue({ code: 'custom', message: `${what} must not be more than 5 minutes in the future` })
  })
