import type { SqlDialectName } from './sql-dialect-name.js'

/**
 * Converts values between JavaScript and each driver. better-sqlite3 cannot bind a Date, so SQLite stores
 * instants as fixed-width ISO-8601 UTC text, which also sorts and compares correctly as text.
 * pg returns bigint as string and tedious returns uniqueidentifier in upper case, so reads normalise both.
 */
export class SqlValues {
  constructor(readonly dialect: SqlDialectName) {}

  date(value: Date): Date | string {
    return this.dialect === 'sqlite' ? value.toISOString() : value
  }

  optionalDate(value: Date | null | undefined): Date | string | null {
    return value == null ? null : this.date(value)
  }

  readDate(value: unknown): Date {
    if (value instanceof Date) return value
    if (typeof value === 'string' || typeof value === 'number') {
      const date = new Date(value)
      if (!Number.isNaN(date.getTime())) return date
    }
    throw new TypeError(`not a stored date: ${typeof value}`)
  }

  readOptionalDate(value: unknown): Date | null {
    return value == null ? null : this.readDate(value)
  }

  /** GUIDs are stored and compared in lower case everywhere (SQLite compares text byte by byte). */
  uuid(value: string): string {
    return value.toLowerCase()
  }

  readUuid(value: unknown): string {
    return String(value).toLowerCase()
  }

  readId(value: unknown): string {
    return String(value)
  }

  readInt(value: unknown): number {
    return typeof value === 'number' ? value : Number(value)
  }
}
