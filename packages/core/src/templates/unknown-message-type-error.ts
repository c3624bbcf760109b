/** Rendering a message type the template configuration does not know: a wiring defect, not an outcome. */
export class UnknownMessageTypeError extends Error {
  readonly code = 'UNKNOWN_MESSAGE_TYPE'
  constructor(readonly messageType: string) {
    super(`no templates are configured for message type "${messageType}"`)
    this.name = 'UnknownMessageTypeError'
  }
}
