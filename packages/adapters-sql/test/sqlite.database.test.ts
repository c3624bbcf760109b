import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { TransientStoreError } from '@sms-notification/core'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DatabaseUrlError, createDatabase } from '../src/index.js'

describe('SQLite database', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-sqlite-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates the parent directory, uses WAL, foreign keys and a busy timeout', async () => {
    const file = join(dir, 'a', 'b', 'sms.db')
    const database = createDatabase(`sqlite:${file}`, { busyTimeoutMs: 1234 })
    try {
      await database.migrateToLatest()
      expect(existsSync(file)).toBe(true)
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] as object)[0]
      expect(await pragma('journal_mode')).toBe('wal')
      expect(await pragma('foreign_keys')).toBe(1)
      expect(await pragma('busy_timeout')).toBe(1234)
    } finally {
      await database.close()
    }
  })

  it('migrates once; running it again (a restart) changes nothing', async () => {
    const url = `sqlite:${join(dir, 'sms.db')}`
    const first = createDatabase(url)
    const state = await first.migrateToLatest()
    await first.close()
    const second = createDatabase(url)
    try {
      const again = await second.migrateToLatest()
      expect(again).toEqual(state)
      expect(state.map((m) => m.name)).toEqual([
        '0001_lookup_tables',
        '0002_venue_phone_numbers',
        '0003_sms_consent',
        '0004_sms_send_history',
        '0005_sms_consent_changes',
        '0006_sms_consent_outbox',
        '0007_venue_number_provisioning',
        '0008_trace_context',
        '0009_outbox_phone_order',
        '0010_sender_pacing',
      ])
    } finally {
      await second.close()
    }
  })

  it('works in memory', async () => {
    const database = createDatabase('sqlite::memory:')
    try {
      await database.migrateToLatest()
      expect(await database.ping()).toBe(true)
      const applied = await database.repositories.consents.applyChange({
        venueId: 1,
        phoneNumber: '+14155550100',
        action: 'opt_in',
        source: 'checkout',
        occurredAt: new Date(),
      })
      expect(applied.kind).toBe('applied')
    } finally {
      await database.close()
    }
  })

  it('another process holding the write lock past the busy timeout is a TransientStoreError (SQLITE_BUSY)', async () => {
    const file = join(dir, 'sms.db')
    const database = createDatabase(`sqlite:${file}`, { busyTimeoutMs: 50 })
    const other = new BetterSqlite3(file)
    try {
      await database.migrateToLatest()
      other.exec('begin immediate')
      const failure = await database.repositories.consents
        .applyChange({ venueId: 1, phoneNumber: '+14155550100', action: 'opt_out', source: 'sms_keyword', occurredAt: new Date() })
        .catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(TransientStoreError)
      expect((failure as TransientStoreError).code).toMatch(/^SQLITE_BUSY/)
      other.exec('rollback')
      // Once the lock is gone the same change goes through: nothing was lost or half-written.
      const retried = await database.repositories.consents.applyChange({
        venueId: 1,
        phoneNumber: '+14155550100',
        action: 'opt_out',
        source: 'sms_keyword',
        occurredAt: new Date(),
      })
      expect(retried.kind).toBe('applied')
    } finally {
      other.close()
      await database.close()
    }
  })

  it('keeps UCS-2 message text intact', async () => {
    const database = createDatabase('sqlite::memory:')
    try {
      await database.migrateToLatest()
      const claim = await database.repositories.history.claim({
        orderId: '3b241101-e2bb-4255-8caf-4136c566a962',
        messageType: 'order_confirmation',
        venueId: 1,
        customerId: '3b241101-e2bb-4255-8caf-4136c566a963',
        customerPhoneNumber: '+14155550100',
        correlationId: null,
        leaseMs: 1000,
      })
      if (claim.kind !== 'claimed') throw new Error('no claim')
      const record = await database.repositories.history.complete(claim.historyId, {
        status: 'sent',
        message: 'Merci ! 🎟 Ваш заказ',
        provider: 'simulated',
        providerMessageId: 'sim-1',
        encoding: 'UCS-2',
        segments: 1,
      })
      expect(record.message).toBe('Merci ! 🎟 Ваш заказ')
    } finally {
      await database.close()
    }
  })

  it('fails at startup on an unknown scheme or a malformed URL', () => {
    expect(() => createDatabase('mysql://u@h/db')).toThrow(DatabaseUrlError)
    expect(() => createDatabase('postgres://')).toThrow(DatabaseUrlError)
    expect(() => createDatabase(undefined)).toThrow(/DATABASE_URL is empty/)
  })
})
