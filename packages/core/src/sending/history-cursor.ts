import { InvalidCursorError } from '../ports/send-history-repository.js'

/** Keyset position in history ordered by (createdAt desc, id desc). */
export interface HistoryCursor {
  createdAt: Date
  id: string
}

/** Opaque to clients: base64url JSON. Adapters share it so cursors survive a change of store. */
export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), i: cursor.id }), 'utf8').toString('base64url')
}

export function decodeHistoryCursor(value: string): HistoryCursor {
  let parsed: unknown
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('not base64url')
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursorError()
  }
  const p = parsed as { t?: unknown; i?: unknown }
  if (typeof p?.t !== 'string' || typeof p.i !== 'string' || p.i.length === 0 || p.i.length > 64) throw new InvalidCursorError()
  const createdAt = new Date(p.t)
  if (Number.isNaN(createdAt.getTime())) throw new InvalidCursorError()
  return { createdAt, id: p.i }
}
