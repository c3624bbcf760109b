import { z } from 'zod'

const localeTemplates = z.record(z.string().min(1), z.string())

const messageTypeTemplates = z.strictObject({
  /** The data fields templates of this message type may reference. */
  fields: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/u, 'a field name is a letter or _ then letters, digits or _')).readonly(),
  /** The default template. */
  template: z.string(),
  /** Overrides by locale: an exact tag (`fr-CA`) or a language (`fr`). */
  locales: localeTemplates.optional(),
  /** Overrides by venue id: a template, or a template and/or locale overrides for that venue. */
  venues: z
    .record(
      z.string().min(1),
      z.union([z.string(), z.strictObject({ template: z.string().optional(), locales: localeTemplates.optional() })]),
    )
    .optional(),
})

/** Validates a configuration that came from outside the code (a JSON file, environment). */
export const templateConfigSchema = z.strictObject({ messageTypes: z.record(z.string().min(1), messageTypeTemplates) })

export type MessageTypeTemplates = z.input<typeof messageTypeTemplates>
export type TemplateConfig = z.input<typeof templateConfigSchema>
