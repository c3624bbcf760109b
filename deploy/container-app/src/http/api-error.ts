/** An expected HTTP failure with a stable string code (`INVALID_REQUEST`, 400). */
export class ApiError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly fields: ReadonlyArray<{ field: string; message: string }> | undefined

  constructor(statusCode: number, code: string, message: string, fields?: ReadonlyArray<{ field: string; message: string }>) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
    this.fields = fields
  }
}

/** The body of every error response. */
export interface ErrorBody {
  statusCode: number
  code: string
  message: string
  fields?: Array<{ field: string; message: string }>
  correlationId?: string
}
