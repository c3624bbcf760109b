// Intl formats any well-formed three-letter code, known or not ("XYZ 1.00"); checking against the runtime's
// list keeps a typo from reaching a customer as if it were a currency.
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

/**
 * Formats an amount as money for a customer: `formatMoney(12.5, 'EUR', 'fr-FR')` → `12,50 €`. Currency defaults
 * to USD and locale to en-US; an unknown locale falls back to en-US. An unknown or malformed currency code gives
 * `amount.toFixed(2) + ' ' + code`, never an exception: the order was paid, the SMS should still go out.
 * Separators such as the French narrow no-break space are left as Intl writes them; `foldToGsm` makes them GSM-7.
 */
export function formatMoney(amount: number, currency: string | undefined, locale: string | undefined): string {
  if (!Number.isFinite(amount)) throw new RangeError(`amount must be a finite number, got ${amount}`)
  const code = currency?.trim().toUpperCase() || 'USD'
  if (!KNOWN_CURRENCIES.has(code)) return `${amount.toFixed(2)} ${code}`
  return cachedFormat(locale, code).format(amount)
}

// Building an Intl.NumberFormat costs far more than using one; an on-sale burst reuses a handful of them.
const formats = new Map<string, Intl.NumberFormat>()

function cachedFormat(locale: string | undefined, code: string): Intl.NumberFormat {
  const key = `${locale ?? ''}|${code}`
  let format = formats.get(key)
  if (!format) {
    format = numberFormat(locale, { style: 'currency', currency: code, currencyDisplay: 'symbol' })
    if (formats.size > 1_000) formats.clear()
    formats.set(key, format)
  }
  return format
}

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale?.trim().replaceAll('_', '-') || 'en-US', options)
  } catch (error) {
    if (error instanceof RangeError) return new Intl.NumberFormat('en-US', options)
    throw error
  }
}
