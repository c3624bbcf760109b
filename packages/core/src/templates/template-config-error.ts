/** A template configuration that cannot work (unknown field, unbalanced section, missing default): a startup defect. */
export class TemplateConfigError extends Error {
  readonly code = 'TEMPLATE_CONFIG_INVALID'
  constructor(message: string) {
    super(message)
    this.name = 'TemplateConfigError'
  }
}
