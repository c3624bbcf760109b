// ITU-T E.164 country calling codes of one and two digits; every other code has three. Kept as a table so
// masking needs no phone metadata (the webhook function masks numbers on its cold-start path).
const TWO_DIGIT_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
])

function callingCode(digits: string): string {
  if (digits.startsWith('1') || digits.startsWith('7')) return digits.slice(0, 1)
  if (TWO_DIGIT_CODES.has(digits.slice(0, 2))) return digits.slice(0, 2)
  return digits.slice(0, 3)
}

/**
 * Masks a phone number for logs: country code and the last two digits stay, the rest become `*`
 * (`+14155550100` → `+1********00`). Anything too short to be a phone number is masked whole.
 */
export function maskPhoneNumber(value: string | null | undefined): string {
  if (!value) return ''
  const digits = value.replace(/\D/g, '')
  if (digits.length < 6) return '*'.repeat(Math.max(digits.length, 1))
  const cc = callingCode(digits)
  const rest = digits.slice(cc.length)
  return `+${cc}${'*'.repeat(Math.max(rest.length - 2, 0))}${rest.slice(-2)}`
}
