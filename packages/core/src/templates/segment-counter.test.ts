import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countSegments, isGsm7 } from './segment-counter.js'

// Written out from 3GPP TS 23.038 independently of the implementation's table.
const GSM_BASIC = [
  '@',
  '£',
  '$',
  '¥',
  'è',
  'é',
  'ù',
  'ì',
  'ò',
  'Ç',
  '\n',
  'Ø',
  'ø',
  '\r',
  'Å',
  'å',
  'Δ',
  '_',
  'Φ',
  'Γ',
  'Λ',
  'Ω',
  'Π',
  'Ψ',
  'Σ',
  'Θ',
  'Ξ',
  'Æ',
  'æ',
  'ß',
  'É',
  ' ',
  '!',
  '"',
  '#',
  '¤',
  '%',
  '&',
  "'",
  '(',
  ')',
  '*',
  '+',
  ',',
  '-',
  '.',
  '/',
  ...'0123456789:;<=>?',
  '¡',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'Ä',
  'Ö',
  'Ñ',
  'Ü',
  '§',
  '¿',
  ...'abcdefghijklmnopqrstuvwxyz',
  'ä',
  'ö',
  'ñ',
  'ü',
  'à',
]
const GSM_EXTENSION = ['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']
const NOT_GSM = ['’', '“', 'ç', 'À', 'ô', '`', '\t', '中', '😀', 'ß\u0301', '\u00A0', 'ω']

const basicChar = fc.constantFrom(...GSM_BASIC)
const extensionChar = fc.constantFrom(...GSM_EXTENSION)
const gsmChar = fc.oneof({ weight: 3, arbitrary: basicChar }, { weight: 1, arbitrary: extensionChar })
const ucs2Char = fc.oneof(fc.constantFrom('中', 'ç', '’', 'я', 'ü', 'a', '€'), fc.constantFrom('😀', '🎟️', '👍🏽'))

/** Greedy septet packing: a part takes characters while they fit whole, so an escape pair never splits. */
function referenceGsmSegments(chars: readonly string[]): number {
  const septets = chars.map((char) => (GSM_EXTENSION.includes(char) ? 2 : 1))
  const total = septets.reduce((a, b) => a + b, 0)
  if (total <= 160) return 1
  let parts = 0
  let room = 0
  for (const size of septets) {
    if (size > room) {
      parts += 1
      room = 153
    }
    room -= size
  }
  return parts
}

describe('countSegments: GSM-7', () => {
  it('has 127 basic characters (128 codes minus ESC) and 10 extension characters', () => {
    expect(new Set(GSM_BASIC).size).toBe(127)
    expect(GSM_BASIC.every((char) => countSegments(char).units === 1 && isGsm7(char))).toBe(true)
    expect(GSM_EXTENSION.every((char) => countSegments(char).units === 2 && isGsm7(char))).toBe(true)
  })

  it('basic-only text of n characters is 1 segment up to 160, then ceil(n / 153)', () => {
    fc.assert(
      fc.property(fc.array(basicChar, { maxLength: 800 }), (chars) => {
        const n = chars.length
        const count = countSegments(chars.join(''))
        expect(count).toEqual({ encoding: 'GSM-7', units: n, characters: n, segments: n <= 160 ? 1 : Math.ceil(n / 153) })
      }),
    )
  })

  it('text with extension characters matches a reference greedy packer', () => {
    fc.assert(
      fc.property(fc.array(gsmChar, { maxLength: 700 }), (chars) => {
        const count = countSegments(chars.join(''))
        expect(count.encoding).toBe('GSM-7')
        expect(count.segments).toBe(referenceGsmSegments(chars))
        expect(count.units).toBe(chars.reduce((sum, char) => sum + (GSM_EXTENSION.includes(char) ? 2 : 1), 0))
      }),
    )
  })

  it.each([
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ])('%i basic characters make %i segment(s)', (length, segments) => {
    expect(countSegments('a'.repeat(length))).toMatchObject({ encoding: 'GSM-7', segments, units: length })
  })

  it('counts 80 euro signs as 160 septets in one segment, 81 as two', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ segments: 1, units: 160, characters: 80 })
    expect(countSegments('€'.repeat(81))).toMatchObject({ segments: 2, units: 162 })
  })

  it('moves an extension character at septet 153 to the next segment', () => {
    // 152 septets, then `{` would take septets 153-154: it cannot split, so part 1 holds 152 and part 2 starts with `{`.
    const text = `${'a'.repeat(152)}{${'b'.repeat(152)}`
    // Without the no-split rule this would be 152 + 2 + 152 = 306 septets = exactly 2 parts.
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', units: 306, segments: 3 })
    expect(countSegments(`${'a'.repeat(151)}{${'b'.repeat(153)}`)).toMatchObject({ units: 306, segments: 2 })
  })

  it('counts the empty text as one GSM-7 segment of 0 units, as providers bill it', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 1, units: 0, characters: 0 })
  })
})

describe('countSegments: UCS-2', () => {
  it('any text containing a character outside GSM-7 is UCS-2', () => {
    fc.assert(
      fc.property(fc.array(gsmChar), fc.constantFrom(...NOT_GSM), fc.array(gsmChar), (before, odd, after) => {
        const text = [...before, odd, ...after].join('')
        expect(isGsm7(text)).toBe(false)
        const count = countSegments(text)
        expect(count.encoding).toBe('UCS-2')
        expect(count.units).toBe(text.length)
      }),
    )
  })

  it('never splits a surrogate pair: segments match a reference packer', () => {
    fc.assert(
      fc.property(fc.array(ucs2Char, { minLength: 1, maxLength: 300 }), (chars) => {
        const text = chars.join('')
        fc.pre(!isGsm7(text))
        const units = [...text].map((char) => char.length)
        const total = text.length
        let parts = 0
        let room = 0
        for (const size of units) {
          if (size > room) {
            parts += 1
            room = 67
          }
          room -= size
        }
        expect(countSegments(text).segments).toBe(total <= 70 ? 1 : parts)
      }),
    )
  })

  it.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [201, 3],
    [202, 4],
  ])('%i UCS-2 units make %i segment(s)', (length, segments) => {
    expect(countSegments('中'.repeat(length))).toMatchObject({ encoding: 'UCS-2', segments, units: length })
  })

  it('moves an emoji straddling unit 67 to the next segment', () => {
    // 66 units, then an emoji would take units 67-68: part 1 holds 66, part 2 starts with the emoji.
    const straddling = `${'中'.repeat(66)}😀${'中'.repeat(66)}`
    expect(countSegments(straddling)).toMatchObject({ units: 134, characters: 134, segments: 3 })
    const fitting = `${'中'.repeat(65)}😀${'中'.repeat(67)}`
    expect(countSegments(fitting)).toMatchObject({ units: 134, segments: 2 })
  })

  it('counts 35 emoji (70 units) as one segment', () => {
    expect(countSegments('😀'.repeat(35))).toMatchObject({ encoding: 'UCS-2', units: 70, characters: 70, segments: 1 })
  })

  it('a single curly apostrophe in GSM text switches it to UCS-2', () => {
    expect(countSegments('It’s on')).toMatchObject({ encoding: 'UCS-2', segments: 1 })
    expect(countSegments("It's on")).toMatchObject({ encoding: 'GSM-7', segments: 1 })
  })
})
