import { describe, expect, it } from 'vitest'
import type { TemplateConfig } from './template-config.js'
import { TemplateConfigError } from './template-config-error.js'
import { createTemplateRenderer } from './template-renderer.js'
import { UnknownMessageTypeError } from './unknown-message-type-error.js'

const config = {
  messageTypes: {
    greeting: {
      fields: ['name', 'event'],
      template: 'default {{name}}',
      locales: { fr: 'fr {{name}}', 'fr-CA': 'fr-CA {{name}}', es: 'es {{name}}' },
      venues: {
        '7': 'venue7 {{name}}',
        '8': { locales: { fr: 'venue8-fr {{name}}' } },
        '9': { template: 'venue9 {{name}}', locales: { 'fr-CA': 'venue9-fr-CA {{name}}', fr: 'venue9-fr {{name}}' } },
      },
    },
  },
} satisfies TemplateConfig

const render = (venueId: number | undefined, locale: string | undefined) =>
  createTemplateRenderer(config).render({ messageType: 'greeting', venueId, locale, data: { name: 'Ana' } }).text

describe('createTemplateRenderer: configuration checks', () => {
  const failure = (messageTypes: TemplateConfig['messageTypes']) => {
    try {
      createTemplateRenderer({ messageTypes })
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateConfigError)
      return (error as Error).message
    }
    throw new Error('expected a TemplateConfigError')
  }

  it('names the field and the message type of an unknown placeholder', () => {
    const message = failure({ receipt: { fields: ['name'], template: 'Hi {{name}}, total {{orderTotl}}' } })
    expect(message).toContain('"orderTotl"')
    expect(message).toContain('"receipt"')
  })

  it('checks locale and venue overrides too, and says where the bad template is', () => {
    expect(failure({ a: { fields: ['x'], template: '{{x}}', locales: { fr: '{{y}}' } } })).toMatch(/"fr".*"a".*"y"/u)
    expect(failure({ a: { fields: ['x'], template: '{{x}}', venues: { '3': '{{#z}}{{/z}}' } } })).toMatch(/venue "3".*"a".*"z"/u)
    expect(failure({ a: { fields: ['x'], template: '{{x}}', venues: { '3': { locales: { es: '{{w}}' } } } } })).toMatch(
      /"es" venue "3".*"w"/u,
    )
  })

  it('rejects unbalanced sections', () => {
    expect(failure({ a: { fields: ['x'], template: '{{#x}}open' } })).toContain('never closed')
    expect(failure({ a: { fields: ['x'], template: 'close{{/x}}' } })).toContain('no matching open')
  })

  it('rejects a message type without a default template', () => {
    expect(failure({ a: { fields: ['x'], template: '  ', locales: { fr: '{{x}}' } } })).toBe('message type "a" has no default template')
    expect(() => createTemplateRenderer({ messageTypes: { a: { fields: [], locales: {} } } } as never)).toThrow(TemplateConfigError)
  })

  it('rejects a locale configured twice under different spellings', () => {
    expect(failure({ a: { fields: [], template: 'x', locales: { 'fr-CA': 'a', fr_ca: 'b' } } })).toContain('configured twice')
  })

  it('rejects bad options', () => {
    expect(() => createTemplateRenderer(config, { segmentBudget: 0 })).toThrow(TemplateConfigError)
    expect(() => createTemplateRenderer(config, { maxCharacters: 1.5 })).toThrow(TemplateConfigError)
  })
})

describe('createTemplateRenderer: rendering', () => {
  it('fills fields, stringifies numbers and renders null or undefined as empty', () => {
    const renderer = createTemplateRenderer({
      messageTypes: { t: { fields: ['a', 'b', 'c', 'd'], template: '[{{a}}|{{b}}|{{c}}|{{d}}]' } },
    })
    expect(renderer.render({ messageType: 't', data: { a: 'x', b: 0, c: null, d: undefined } }).text).toBe('[x|0||]')
  })

  it('renders a section only when its field is present and non-empty', () => {
    const renderer = createTemplateRenderer({
      messageTypes: { t: { fields: ['event', 'n'], template: 'Hi.{{#event}} See you at {{event}}!{{/event}}{{#n}} n={{n}}{{/n}}' } },
    })
    const text = (data: Record<string, string | number | null | undefined>) => renderer.render({ messageType: 't', data }).text
    expect(text({ event: 'Jazz Night', n: 0 })).toBe('Hi. See you at Jazz Night! n=0')
    expect(text({ event: '' })).toBe('Hi.')
    expect(text({ event: '   ' })).toBe('Hi.')
    expect(text({ event: null })).toBe('Hi.')
    expect(text({})).toBe('Hi.')
  })

  it('does not interpret template syntax inside data values', () => {
    const renderer = createTemplateRenderer({ messageTypes: { t: { fields: ['a', 'b'], template: '{{a}}' } } })
    expect(renderer.render({ messageType: 't', data: { a: '{{b}}', b: 'no' } }).text).toBe('{{b}}')
  })

  it('resolves venue + locale, then venue, then locale (exact, then language), then the default', () => {
    expect(render(9, 'fr-CA')).toBe('venue9-fr-CA Ana')
    expect(render(9, 'fr-FR')).toBe('venue9-fr Ana')
    expect(render(9, 'es')).toBe('venue9 Ana')
    expect(render(9, undefined)).toBe('venue9 Ana')
    expect(render(8, 'fr-BE')).toBe('venue8-fr Ana')
    expect(render(8, 'es-MX')).toBe('es Ana')
    expect(render(8, undefined)).toBe('default Ana')
    expect(render(7, 'fr')).toBe('venue7 Ana')
    expect(render(1, 'fr-CA')).toBe('fr-CA Ana')
    expect(render(1, 'fr_ca')).toBe('fr-CA Ana')
    expect(render(1, 'FR-ch')).toBe('fr Ana')
    expect(render(1, 'de-DE')).toBe('default Ana')
    expect(render(undefined, undefined)).toBe('default Ana')
  })

  it('accepts the venue id as a number or a string', () => {
    const renderer = createTemplateRenderer(config)
    expect(renderer.render({ messageType: 'greeting', venueId: '7', data: { name: 'Bo' } }).text).toBe('venue7 Bo')
  })

  it('folds smart punctuation and reports encoding, segments and characters', () => {
    const renderer = createTemplateRenderer({ messageTypes: { t: { fields: ['name'], template: 'It’s on, {{name}} — enjoy…' } } })
    expect(renderer.render({ messageType: 't', data: { name: '“Zoe”' } })).toEqual({
      kind: 'rendered',
      text: 'It\'s on, "Zoe" - enjoy...',
      encoding: 'GSM-7',
      segments: 1,
      characters: 25,
    })
    // ë is not in GSM-7, so the text stays UCS-2 and … is kept rather than grown to three characters.
    expect(renderer.render({ messageType: 't', data: { name: '“Zoë”' } })).toEqual({
      kind: 'rendered',
      text: 'It\'s on, "Zoë" - enjoy…',
      encoding: 'UCS-2',
      segments: 1,
      characters: 23,
    })
  })

  it('returns too-long with the full text when the segment budget is exceeded', () => {
    const renderer = createTemplateRenderer({ messageTypes: { t: { fields: ['body'], template: '{{body}}' } } })
    const fits = renderer.render({ messageType: 't', data: { body: 'a'.repeat(459) } })
    expect(fits).toMatchObject({ kind: 'rendered', segments: 3 })
    const over = renderer.render({ messageType: 't', data: { body: 'a'.repeat(460) } })
    expect(over).toEqual({ kind: 'too-long', limit: 'segments', text: 'a'.repeat(460), encoding: 'GSM-7', segments: 4, characters: 460 })
    const ucs2 = renderer.render({ messageType: 't', data: { body: '中'.repeat(202) } })
    expect(ucs2).toMatchObject({ kind: 'too-long', limit: 'segments', segments: 4, encoding: 'UCS-2' })
  })

  it('honours a configured segment budget', () => {
    const renderer = createTemplateRenderer({ messageTypes: { t: { fields: ['body'], template: '{{body}}' } } }, { segmentBudget: 1 })
    expect(renderer.render({ messageType: 't', data: { body: 'a'.repeat(160) } }).kind).toBe('rendered')
    expect(renderer.render({ messageType: 't', data: { body: 'a'.repeat(161) } })).toMatchObject({ kind: 'too-long', limit: 'segments' })
  })

  it('returns too-long when over 500 characters even within the segment budget', () => {
    const renderer = createTemplateRenderer({ messageTypes: { t: { fields: ['body'], template: '{{body}}' } } }, { segmentBudget: 10 })
    expect(renderer.render({ messageType: 't', data: { body: 'a'.repeat(500) } })).toMatchObject({ kind: 'rendered', segments: 4 })
    const over = renderer.render({ messageType: 't', data: { body: 'a'.repeat(501) } })
    expect(over).toMatchObject({ kind: 'too-long', limit: 'characters', characters: 501, segments: 4 })
    expect(over.text).toHaveLength(501)
  })

  it('throws for a message type it has no templates for', () => {
    const renderer = createTemplateRenderer(config)
    expect(renderer.hasMessageType('greeting')).toBe(true)
    expect(renderer.hasMessageType('nope')).toBe(false)
    expect(() => renderer.render({ messageType: 'nope', data: {} })).toThrow(UnknownMessageTypeError)
  })
})
