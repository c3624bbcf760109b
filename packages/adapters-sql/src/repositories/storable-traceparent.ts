/** A version-00 traceparent is exactly this long; the TraceParent columns are varchar(55). */
const TRACEPARENT_LENGTH = 55
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(?:-|$)/
const ALL_ZEROS = /^0+$/

/**
 * The traceparent to store, or null. It comes from a message's application properties, so it may be anything:
 * `Diagnostic-Id` can hold a legacy hierarchical Request-Id far longer than the column, and SQL Server and
 * PostgreSQL reject an over-long value with an error that would fail the send or the consent change. Only a
 * well-formed W3C traceparent is kept; a later version's header keeps its first 55 characters, which is what
 * the specification tells a version-00 reader to use.
 */
export function storableTraceparent(value: string | null | undefined): string | null {
  if (!value) return null
  const match = TRACEPARENT.exec(value)
  if (!match) return null
  const [, version, traceId, parentId] = match as unknown as [string, string, string, string]
  if (version === 'ff' || ALL_ZEROS.test(traceId) || ALL_ZEROS.test(parentId)) return null
  if (version === '00' && value.length !== TRACEPARENT_LENGTH) return null
  return value.slice(0, TRACEPARENT_LENGTH)
}
