import { describe, expect, it } from 'vitest'
import { parseTemplate } from './template-parser.js'

describe('parseTemplate', () => {
  it('parses text, fields and nested sections and lists every field', () => {
    const result = parseTemplate('Hi {{ name }}!{{#a}} A={{a}}{{#b}} B{{/b}}{{/a}} end')
    expect(result).toEqual({
      kind: 'parsed',
      fields: new Set(['name', 'a', 'b']),
      nodes: [
        { kind: 'text', text: 'Hi ' },
        { kind: 'field', field: 'name' },
        { kind: 'text', text: '!' },
        {
          kind: 'section',
          field: 'a',
          children: [
            { kind: 'text', text: ' A=' },
            { kind: 'field', field: 'a' },
            { kind: 'section', field: 'b', children: [{ kind: 'text', text: ' B' }] },
          ],
        },
        { kind: 'text', text: ' end' },
      ],
    })
  })

  it('keeps single braces as text', () => {
    expect(parseTemplate('{x} }} {')).toMatchObject({ kind: 'parsed', nodes: [{ kind: 'text', text: '{x} }} {' }] })
  })

  it.each([
    ['{{#a}}open', 'section {{#a}} is never closed'],
    ['close{{/a}}', 'section close {{/a}} has no matching open'],
    ['{{#a}}{{#b}}{{/a}}{{/b}}', 'section {{#b}} is closed by {{/a}}'],
    ['{{first name}}', 'malformed tag "{{first name}}"'],
    ['{{^inverted}}x{{/inverted}}', 'malformed tag "{{^inverted}}"'],
    ['{{}}', 'malformed tag "{{}}"'],
    ['Hi {{name', 'unclosed tag near "{{name"'],
    ['Hi {{name {{other}}', 'malformed tag "{{name {{other}}"'],
  ])('rejects %j: %s', (template, reason) => {
    expect(parseTemplate(template)).toEqual({ kind: 'invalid', reason })
  })
})
