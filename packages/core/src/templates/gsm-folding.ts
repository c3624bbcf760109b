import { gsmSeptets } from './gsm-alphabet.js'
import { countSegments, isGsm7 } from './segment-counter.js'

// One-for-one replacements: never lengthen the text, so they are always safe to apply.
const NEVER_LONGER: Record<string, string> = {}
const define = (chars: string, replacement: string) => {
  for (const char of chars) NEVER_LONGER[char] = replacement
}
// Single quotes, primes, apostrophe look-alikes, single guillemets and the backtick (not in GSM-7: 0x60 is ¿).
define('\u2018\u2019\u201A\u201B\u2032\u2035\u02BC\u02BB\u00B4\u0060\uFF07\u2039\u203A', "'")
// Double quotes, double primes and guillemets.
define('\u201C\u201D\u201E\u201F\u2033\u2036\u301D\u301E\u00AB\u00BB', '"')
// Hyphens, dashes and the minus sign.
define('\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\uFE58\uFE63', '-')
// No-break, narrow, thin, figure, ideographic and other Unicode spaces, and the tab.
define('\t\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000', ' ')
define('\u2028\u2029', '\n')
// Full-width currency signs, which Intl writes for ja-JP yen, have GSM-7 equivalents.
define('\uFFE5', '¥')
define('\uFFE1', '£')
// Zero-width space, word joiner, BOM and soft hyphen are invisible: drop them. The joiners ZWJ/ZWNJ are handled
// apart because emoji sequences and some scripts need them.
define('\u200B\u2060\uFEFF\u00AD', '')

// Replacements that lengthen the text: worth it only when they make the whole message GSM-7 at no extra cost.
const EXPANDING: Record<string, string> = { '\u2026': '...', '\u2025': '..' }

const FOLDABLE = characterClass([...Object.keys(NEVER_LONGER), ...Object.keys(EXPANDING)])
const BASE_WITH_MARKS = /[^\p{M}]\p{M}+/gsu
const JOINER_RUN = /[\u200C\u200D]+/gu

/**
 * Folds typographic punctuation and invisible characters to GSM-7 equivalents so that one stray `’` or a
 * no-break space does not switch a message to UCS-2 (70 instead of 160 characters per segment).
 *
 * - Characters already in GSM-7 are never touched (é, ñ, ü, Ä, € stay as they are).
 * - Letters are never changed, except that a decomposed letter (`e` + U+0301) is composed when the composed
 *   form is in GSM-7; text that still needs UCS-2 (a Chinese name, an emoji) stays UCS-2.
 * - Smart quotes, primes and guillemets become `'` / `"`, dashes and minus become `-`, Unicode spaces become a
 *   space, line/paragraph separators a newline, full-width ￥ ￡ the GSM-7 ¥ £; zero-width characters and soft hyphens are removed. ZWJ and ZWNJ
 *   are kept only between two characters that need UCS-2 anyway (inside emoji sequences and scripts).
 * - `…` becomes `...` only when that makes the whole text GSM-7 without adding a segment; otherwise it stays.
 *
 * Idempotent, and never increases the segment count.
 */
export function foldToGsm(text: string): string {
  const folded = fold(text, true)
  if (folded === text) return text
  if (isGsm7(folded) && countSegments(folded).segments <= countSegments(text).segments) return folded
  return fold(text, false)
}

function fold(text: string, expand: boolean): string {
  let current = text.replace(FOLDABLE, (char) => NEVER_LONGER[char] ?? (expand ? (EXPANDING[char] ?? char) : char))
  // Composing a letter can change whether a joiner sits between two UCS-2 characters, and removing a joiner can
  // bring a letter next to its combining mark: repeat until stable so the result is a fixed point. Each round
  // only shortens the text, so this ends.
  for (;;) {
    const next = removeStrayJoiners(current.replace(BASE_WITH_MARKS, composeIfGsm))
    if (next === current) return next
    current = next
  }
}

function removeStrayJoiners(text: string): string {
  return text.replace(JOINER_RUN, (run: string, offset: number, whole: string) =>
    needsUcs2(charBefore(whole, offset)) && needsUcs2(charAt(whole, offset + run.length)) ? run : '',
  )
}

function composeIfGsm(sequence: string): string {
  const composed = sequence.normalize('NFC')
  return gsmSeptets(composed) === 0 ? sequence : composed
}

function charBefore(text: string, offset: number): string | undefined {
  if (offset === 0) return undefined
  const code = text.charCodeAt(offset - 1)
  const isLowSurrogate = code >= 0xdc00 && code <= 0xdfff
  return text.slice(isLowSurrogate && offset >= 2 ? offset - 2 : offset - 1, offset)
}

function charAt(text: string, offset: number): string | undefined {
  const code = text.codePointAt(offset)
  return code === undefined ? undefined : String.fromCodePoint(code)
}

function needsUcs2(char: string | undefined): boolean {
  return char !== undefined && gsmSeptets(char) === 0
}

function characterClass(chars: readonly string[]): RegExp {
  const escaped = chars.map((char) => `\\u{${char.codePointAt(0)!.toString(16)}}`).join('')
  return new RegExp(`[${escaped}]`, 'gu')
}
