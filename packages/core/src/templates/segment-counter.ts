import type { Encoding } from '../ports/send-history-repository.js'
import { gsmSeptets, gsmSeptetsOfCode } from './gsm-alphabet.js'

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
  for (let i = 0; i < text.length; i++) if (gsmSeptetsOfCode(text.charCodeAt(i)) === 0) return false
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
  let septets = 0
  // Every GSM character is a single code unit, so a surrogate (or anything else outside the table) means UCS-2.
  for (let i = 0; i < text.length; i++) {
    const size = gsmSeptetsOfCode(text.charCodeAt(i))
    if (size === 0) return countUcs2(text)
    septets += size
  }
  const segments = septets <= GSM_SINGLE ? 1 : packParts(text, GSM_PART, gsmSeptets)
  return { encoding: 'GSM-7', segments, units: septets, characters: text.length }
}

function countUcs2(text: string): SegmentCount {
  const units = text.length
  const segments = units <= UCS2_SINGLE ? 1 : packParts(text, UCS2_PART, (char) => char.length)
  return { encoding: 'UCS-2', segments, units, characters: units }
}

function packParts(text: string, capacity: number, sizeOf: (char: string) => number): number {
  let parts = 1
  let used = 0
  for (const char of text) {
    const size = sizeOf(char)
    if (used + size > capacity) {
      parts += 1
      used = 0
    }
    used += size
  }
  return parts
}
