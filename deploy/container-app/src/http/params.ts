import { z } from 'zod'

/** A positive integer in a path or query string; stricter than coercion (no `1e3`, no blanks). */
export const positiveIntString = (what: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/, `${what} must be a positive integer`)
    .transform(Number)
    .pipe(z.number().int().max(2_147_483_647, `${what} is too large`))

export const isoDateTime = () => z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
