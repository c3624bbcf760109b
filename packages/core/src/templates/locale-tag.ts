/** Lower-cased BCP 47 tag with `_` read as `-`, so `fr_CA`, `fr-ca` and `fr-CA` select the same template. */
export function normalizeLocale(locale: string): string {
  return locale.trim().replaceAll('_', '-').toLowerCase()
}

/** The tag, then each shorter prefix down to the language: `zh-Hant-TW` → `zh-hant-tw`, `zh-hant`, `zh`. */
export function localeCandidates(locale: string): string[] {
  const parts = normalizeLocale(locale).split('-').filter(Boolean)
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('-'))
}
