/** Plivo numbers are E.164 digits without the `+`. */
export function toPlivoNumber(e164: string): string {
  return e164.replace(/^\+/, '')
}

export function fromPlivoNumber(plivoNumber: string): string {
  const digits = plivoNumber.replace(/\D/g, '')
  return `+${digits}`
}
