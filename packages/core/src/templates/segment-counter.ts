import type { Encoding } from '../ports/send-history-repository.js'
import { gsmSeptets } from './gsm-alphabet.js'

export interface SegmentCount {
  encoding: Encoding
  /** Parts the message is billed as. */
  segments: number
  /** Septets for GSM-7 (an extension character counts 2), UTF-16 code units for UCS-2 (an emoji counts 2). */
  units: number
  /**
   * The text's length in UTF-16 code units, as JavaScript and SQL Server `nvarchar` count it (an emoji counts
   * 2): the measure the 500-character history column limits.
   */
  characters: number
}

// Single-part capacity, and the per-part capacity once the 6-octet concatenation header (UDH) is added.
const GSM_SINGLE = 160
const GSM_PART = 153
const UCS2_SINGLE = 70
const UCS2_PART = 67

/** True when every character of the text is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (gsmSeptets(char) === 0) return false
  return true
}

/**
 * Counts the SMS segments a text is billed as (GSM 03.38 / 3GPP TS 23.040).
 *
 * GSM-7 when every character is in the GSM table, else UCS-2. A multi-part message packs its characters greedily
 * into parts without splitting an escape pair (GSM-7) or a surrogate pair (UCS-2), which is what handsets and
 * providers do, so a 2-unit character that does not fit moves whole to the next part.
 *
 * The empty text counts as 1 GSM-7 segment of 0 units: providers bill an empty message as one part.
 */
export function countSegments(text: string): SegmentCount {
  const sizes: number[] = []
  let encoding: Encoding = 'GSM-7'
  for (const char of text) {
    const septets = gsmSeptets(char)
    if (septets === 0) {
      encoding = 'UCS-2'
      break
    }
    sizes.push(septets)
  }
  if (encoding === 'UCS-2') {
    sizes.length = 0
    for (const char of text) sizes.push(char.length)
  }
  const units = sizes.reduce((sum, size) => sum + size, 0)
  const [single, part] = encoding === 'GSM-7' ? [GSM_SINGLE, GSM_PART] : [UCS2_SINGLE, UCS2_PART]
  const segments = units <= single ? 1 : packParts(sizes, part)
  return { encoding, segments, units, characters: text.length }
}

function packParts(sizes: readonly number[], capacity: number): number {
  let parts = 1
  let used = 0
  for (const size of sizes) {
    if (used + size > capacity) {
      parts += 1
      used = 0
    }
    used += size
  }
  return parts
}
