import { z } from 'zod'

/**
 * The monolith publishes PascalCase (`OrderId`); other producers send camelCase (`orderId`). Both are accepted:
 * keys are folded to camelCase before validation, and a key given in both spellings must agree.
 */
export function foldKeysToCamelCase(
  input: unknown,
  ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string; input: unknown }): void },
): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const camel = key.length > 0 ? key[0]!.toLowerCase() + key.slice(1) : key
    if (camel in out && out[camel] !== value) {
      ctx.addIssue({ code: 'custom', path: [camel], message: 'given twice (PascalCase and camelCase) with different values', input: value })
      continue
    }
    out[camel] = value
  }
  return out
}

/** Integer ids arrive as numbers or numeric strings. */
export const positiveInt = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().positive().max(2_147_483_647))

/** Money arrives as a number or a decimal string; kept as a number rounded to cents for display only. */
export const decimalAmount = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .pipe(z.number().finite().nonnegative())

export const isoDateTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s))

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')

export const localeTag = z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en-US')
