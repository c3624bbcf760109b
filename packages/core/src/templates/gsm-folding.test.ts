import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldToGsm } from './gsm-folding.js'
import { countSegments, isGsm7 } from './segment-counter.js'

const SMART_PUNCTUATION = [
  '‘',
  '’',
  '‚',
  '‛',
  '′',
  '“',
  '”',
  '„',
  '‟',
  '″',
  '«',
  '»',
  '‹',
  '›',
  '–',
  '—',
  '‒',
  '―',
  '−',
  '‐',
  '‑',
  '…',
  '\u00A0',
  '\u202F',
  '\u2009',
  '\u2007',
  '\u2002',
  '\u3000',
  '\t',
  '\u2028',
  '\u200B',
  '\u2060',
  '\uFEFF',
  '\u00AD',
  '\u200C',
  '\u200D',
  '￥',
  '￡',
]
const GSM_SAMPLE = [...'aZ09 .,!?@£$¥€{}[]~^|\\\nÄÖÜäöüéèñÑßÇ¡¿§¤ΔΩ']
const UCS2_SAMPLE = ['中', '文', '😀', '👩', 'ç', 'ô', 'я', '\u0301', '\u0327', 'e\u0301']

const smartText = fc.array(fc.constantFrom(...SMART_PUNCTUATION), { maxLength: 250 }).map((chars) => chars.join(''))
const mixedText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...GSM_SAMPLE) },
      { weight: 3, arbitrary: fc.constantFrom(...SMART_PUNCTUATION) },
      { weight: 2, arbitrary: fc.constantFrom(...UCS2_SAMPLE) },
    ),
    { maxLength: 400 },
  )
  .map((chars) => chars.join(''))
const anyText = fc.oneof(mixedText, fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }))

describe('foldToGsm', () => {
  it.each([
    ['It’s on', "It's on"],
    ['‘single’ ‚low‛ 5′', "'single' 'low' 5'"],
    ['“double” „low‟ 6″', '"double" "low" 6"'],
    ['«guillemets» ‹single›', '"guillemets" \'single\''],
    ['a–b—c‒d―e−f‐g‑h', 'a-b-c-d-e-f-g-h'],
    ['Wait…', 'Wait...'],
    ['12\u00A0345\u202F€ thin\u2009figure\u2007ideo\u3000tab\t.', '12 345 € thin figure ideo tab .'],
    ['zero\u200Bwidth\u2060join\uFEFFer soft\u00ADhyphen', 'zerowidthjoiner softhyphen'],
    ['line\u2028para\u2029end', 'line\npara\nend'],
    ['Cafe\u0301 C\u0327A', 'Café ÇA'],
    ['Total ￥1,235', 'Total ¥1,235'],
    ['a\u200Db\u200C', 'ab'],
  ])('folds %j to %j', (input, expected) => {
    expect(foldToGsm(input)).toBe(expected)
    expect(isGsm7(foldToGsm(input))).toBe(true)
  })

  it('leaves GSM-7 letters and symbols alone', () => {
    const gsm = 'Ça va? Müller, Ñandú, Åsa, Øre, Straße, ¡Olé! ¿Qué? 5€ [x] {y} ~z^ |\\ @£$¥ ΔΩΣ'
    expect(foldToGsm(gsm)).toBe(gsm)
  })

  it('does not change letters outside GSM-7: a Chinese name stays UCS-2', () => {
    expect(foldToGsm('Thanks 李小龙’s order')).toBe("Thanks 李小龙's order")
    expect(countSegments(foldToGsm('Thanks 李小龙')).encoding).toBe('UCS-2')
    expect(foldToGsm('François à l’hôtel')).toBe("François à l'hôtel")
  })

  it('keeps joiners inside emoji sequences and drops them next to GSM text', () => {
    const family = '👩\u200D👩\u200D👧'
    expect(foldToGsm(`Hi ${family}!`)).toBe(`Hi ${family}!`)
    expect(foldToGsm('Hi\u200D there')).toBe('Hi there')
  })

  it('keeps … when the text stays UCS-2, so the message does not grow', () => {
    expect(foldToGsm('中文…')).toBe('中文…')
    expect(foldToGsm('中文“…”')).toBe('中文"…"')
  })

  it('keeps … when expanding it to ... would add a segment', () => {
    const ellipses = '…'.repeat(70)
    expect(countSegments(ellipses).segments).toBe(1)
    expect(countSegments('.'.repeat(210)).segments).toBe(2)
    expect(foldToGsm(ellipses)).toBe(ellipses)
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(foldToGsm(foldToGsm(text))).toBe(foldToGsm(text))
      }),
      { numRuns: 500 },
    )
  })

  it('never increases the segment count', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(countSegments(foldToGsm(text)).segments).toBeLessThanOrEqual(countSegments(text).segments)
      }),
      { numRuns: 500 },
    )
  })

  it('turns text made only of smart punctuation into GSM-7', () => {
    fc.assert(
      fc.property(smartText, (text) => {
        expect(isGsm7(foldToGsm(text))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('turns GSM text with smart punctuation into GSM-7', () => {
    const gsmWithPunctuation = fc
      .array(fc.oneof(fc.constantFrom(...GSM_SAMPLE), fc.constantFrom(...SMART_PUNCTUATION.filter((c) => c !== '…'))))
      .map((chars) => chars.join(''))
    fc.assert(
      fc.property(gsmWithPunctuation, (text) => {
        expect(isGsm7(foldToGsm(text))).toBe(true)
      }),
    )
  })

  it('leaves GSM-7 text unchanged', () => {
    const gsmText = fc.array(fc.constantFrom(...GSM_SAMPLE)).map((chars) => chars.join(''))
    fc.assert(
      fc.property(gsmText, (text) => {
        expect(foldToGsm(text)).toBe(text)
      }),
    )
  })
})
