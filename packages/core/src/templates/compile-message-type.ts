import { normalizeLocale } from './locale-tag.js'
import type { MessageTypeTemplates } from './template-config.js'
import { TemplateConfigError } from './template-config-error.js'
import { parseTemplate } from './template-parser.js'
import type { TemplateNode } from './template-parser.js'

export type LocaleTemplates = ReadonlyMap<string, TemplateNode[]>

export interface CompiledMessageType {
  fallback: TemplateNode[]
  /** Keyed by normalized locale tag. */
  locales: LocaleTemplates
  venues: ReadonlyMap<string, { template: TemplateNode[] | null; locales: LocaleTemplates }>
}

/** Parses every template of a message type and checks each field it references is declared. */
export function compileMessageType(messageType: string, templates: MessageTypeTemplates): CompiledMessageType {
  if (templates.template.trim() === '') {
    throw new TemplateConfigError(`message type "${messageType}" has no default template`)
  }
  const declared = new Set(templates.fields)

  const compile = (template: string, where: string): TemplateNode[] => {
    const result = parseTemplate(template)
    if (result.kind === 'invalid') {
      throw new TemplateConfigError(`${where} template of message type "${messageType}": ${result.reason}`)
    }
    const unknown = [...result.fields].filter((field) => !declared.has(field))
    if (unknown.length > 0) {
      const names = unknown.map((field) => `"${field}"`).join(', ')
      throw new TemplateConfigError(`${where} template of message type "${messageType}" references undeclared field ${names}`)
    }
    return result.nodes
  }

  const compileLocales = (locales: Record<string, string> | undefined, where: string): LocaleTemplates => {
    const compiled = new Map<string, TemplateNode[]>()
    for (const [locale, template] of Object.entries(locales ?? {})) {
      const key = normalizeLocale(locale)
      if (compiled.has(key)) {
        throw new TemplateConfigError(`locale "${locale}" is configured twice${where} for message type "${messageType}"`)
      }
      compiled.set(key, compile(template, `the "${locale}"${where}`))
    }
    return compiled
  }

  const venues = new Map<string, { template: TemplateNode[] | null; locales: LocaleTemplates }>()
  for (const [venueId, venue] of Object.entries(templates.venues ?? {})) {
    const entry = typeof venue === 'string' ? { template: venue, locales: undefined } : venue
    venues.set(venueId.trim(), {
      template: entry.template === undefined ? null : compile(entry.template, `the venue "${venueId}"`),
      locales: compileLocales(entry.locales, ` venue "${venueId}"`),
    })
  }

  return { fallback: compile(templates.template, 'the default'), locales: compileLocales(templates.locales, ''), venues }
}
