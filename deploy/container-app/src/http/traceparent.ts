// W3C Trace Context (https://www.w3.org/TR/trace-context/#traceparent-header): version-traceid-parentid-flags,
// lowercase hex. Version ff is forbidden; a later version may append fields, which a version-00 reader drops
// when it rebuilds the header in the version it knows.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^\s]*)?$/
const ZEROS = /^0+$/

/** The `traceparent` header when it is valid, else undefined (an invalid one is ignored, as the spec asks). */
export function parseTraceparent(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length > 512) return undefined
  const value = header.trim()
  const m = TRACEPARENT.exec(value)
  if (!m) return undefined
  const [, version, traceId, parentId, , extra] = m
  if (version === 'ff' || ZEROS.test(traceId!) || ZEROS.test(parentId!)) return undefined
  if (version === '00' && extra !== undefined) return undefined
  return version === '00' ? value : `00-${traceId}-${parentId}-${m[4]}`
}
