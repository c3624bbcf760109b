export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'field'; field: string }
  | { kind: 'section'; field: string; children: TemplateNode[] }

export type ParseResult = { kind: 'parsed'; nodes: TemplateNode[]; fields: ReadonlySet<string> } | { kind: 'invalid'; reason: string }

// Anything between double braces is a tag; a tag that is not `{{name}}`, `{{#name}}` or `{{/name}}` is an error
// rather than literal text, so a typo is caught when templates load instead of reaching a customer.
const TAG = /\{\{(.*?)\}\}/gsu
const TAG_BODY = /^\s*([#/]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/u

/**
 * Parses the template syntax: `{{field}}` and sections `{{#field}}...{{/field}}` (nestable) that render only
 * when the field is present and non-empty. Returns every field referenced so the caller can check them.
 */
export function parseTemplate(template: string): ParseResult {
  const root: TemplateNode[] = []
  const open: { field: string; children: TemplateNode[] }[] = []
  const fields = new Set<string>()
  let children = root
  let position = 0
  for (const match of template.matchAll(TAG)) {
    const text = template.slice(position, match.index)
    if (text.includes('{{')) return { kind: 'invalid', reason: `unclosed tag near "${excerpt(text.slice(text.indexOf('{{')))}"` }
    if (text) children.push({ kind: 'text', text })
    position = match.index + match[0].length
    const body = TAG_BODY.exec(match[1] ?? '')
    if (!body) return { kind: 'invalid', reason: `malformed tag "${excerpt(match[0])}"` }
    const [, sigil, field = ''] = body
    fields.add(field)
    if (sigil === '') {
      children.push({ kind: 'field', field })
    } else if (sigil === '#') {
      const section = { kind: 'section' as const, field, children: [] }
      children.push(section)
      open.push(section)
      children = section.children
    } else {
      const closing = open.pop()
      if (!closing) return { kind: 'invalid', reason: `section close {{/${field}}} has no matching open` }
      if (closing.field !== field) {
        return { kind: 'invalid', reason: `section {{#${closing.field}}} is closed by {{/${field}}}` }
      }
      children = open.at(-1)?.children ?? root
    }
  }
  const rest = template.slice(position)
  if (rest.includes('{{')) return { kind: 'invalid', reason: `unclosed tag near "${excerpt(rest.slice(rest.indexOf('{{')))}"` }
  if (rest) children.push({ kind: 'text', text: rest })
  const unclosed = open.at(-1)
  if (unclosed) return { kind: 'invalid', reason: `section {{#${unclosed.field}}} is never closed` }
  return { kind: 'parsed', nodes: root, fields }
}

function excerpt(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}...` : text
}
