import type { Encoding } from '../ports/send-history-repository.js'
import { foldToGsm } from './gsm-folding.js'
import { countSegments } from './segment-counter.js'
import { compileMessageType } from './compile-message-type.js'
import type { CompiledMessageType, LocaleTemplates } from './compile-message-type.js'
import { localeCandidates } from './locale-tag.js'
import { templateConfigSchema } from './template-config.js'
import type { TemplateConfig } from './template-config.js'
import { TemplateConfigError } from './template-config-error.js'
import type { TemplateNode } from './template-parser.js'
import { UnknownMessageTypeError } from './unknown-message-type-error.js'

export type TemplateData = Readonly<Record<string, string | number | null | undefined>>

export interface RenderRequest {
  messageType: string
  venueId?: number | string | null
  /** BCP 47 tag (`fr-CA`; `fr_CA` is accepted); the exact tag is tried, then its language. */
  locale?: string | null
  data: TemplateData
}

interface Rendered {
  /** Folded with `foldToGsm`; never truncated. */
  text: string
  encoding: Encoding
  segments: number
  characters: number
}

export type RenderResult =
  | ({ kind: 'rendered' } & Rendered)
  /** Over the segment budget or the character limit: the caller decides (record and skip), nothing is cut. */
  | ({ kind: 'too-long'; limit: 'segments' | 'characters' } & Rendered)

export interface TemplateRendererOptions {
  /** Most segments a message may cost; default 3. */
  segmentBudget?: number
  /** Most characters (UTF-16 code units) a message may have; default 500, the send history's column size. */
  maxCharacters?: number
}

export interface TemplateRenderer {
  render(request: RenderRequest): RenderResult
  hasMessageType(messageType: string): boolean
}

/**
 * Compiles every template of every message type up front and throws `TemplateConfigError` when one references
 * a field its message type does not declare, has an unbalanced section, or a message type has no default
 * template: configuration mistakes stop the service at startup instead of surprising a customer.
 *
 * Template choice, most specific first: venue + locale, venue, locale, default (a locale is tried as the exact
 * tag, then each shorter prefix down to the language).
 */
export function createTemplateRenderer(config: TemplateConfig, options: TemplateRendererOptions = {}): TemplateRenderer {
  const segmentBudget = positiveInteger(options.segmentBudget ?? 3, 'segmentBudget')
  const maxCharacters = positiveInteger(options.maxCharacters ?? 500, 'maxCharacters')
  const parsed = templateConfigSchema.safeParse(config)
  if (!parsed.success) throw new TemplateConfigError(`template configuration is invalid: ${parsed.error.message}`)
  const messageTypes = new Map(
    Object.entries(parsed.data.messageTypes).map(([name, templates]) => [name, compileMessageType(name, templates)]),
  )

  return {
    hasMessageType: (messageType) => messageTypes.has(messageType),
    render(request) {
      const compiled = messageTypes.get(request.messageType)
      if (!compiled) throw new UnknownMessageTypeError(request.messageType)
      const nodes = chooseTemplate(compiled, request.venueId, request.locale)
      const text = foldToGsm(renderNodes(nodes, request.data))
      const { encoding, segments, characters } = countSegments(text)
      const rendered = { text, encoding, segments, characters }
      if (characters > maxCharacters) return { kind: 'too-long', limit: 'characters', ...rendered }
      if (segments > segmentBudget) return { kind: 'too-long', limit: 'segments', ...rendered }
      return { kind: 'rendered', ...rendered }
    },
  }
}

function chooseTemplate(compiled: CompiledMessageType, venueId: RenderRequest['venueId'], locale: RenderRequest['locale']): TemplateNode[] {
  const venue = venueId === null || venueId === undefined ? undefined : compiled.venues.get(String(venueId).trim())
  const candidates = locale ? localeCandidates(locale) : []
  const byLocale = (templates: LocaleTemplates) =>
    candidates.map((candidate) => templates.get(candidate)).find((nodes) => nodes !== undefined)
  return (venue && byLocale(venue.locales)) ?? venue?.template ?? byLocale(compiled.locales) ?? compiled.fallback
}

function renderNodes(nodes: readonly TemplateNode[], data: TemplateData): string {
  let out = ''
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text
    else if (node.kind === 'field') out += stringify(data[node.field])
    else if (stringify(data[node.field]).trim() !== '') out += renderNodes(node.children, data)
  }
  return out
}

function stringify(value: TemplateData[string]): string {
  return value === null || value === undefined ? '' : String(value)
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new TemplateConfigError(`${name} must be a positive integer, got ${value}`)
  return value
}
