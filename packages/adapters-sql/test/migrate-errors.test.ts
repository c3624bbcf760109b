import { createServer } from 'node:net'
import { expect, it } from 'vitest'
import { createDatabase } from '../src/index.js'

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

it('names the driver code when migrations cannot reach the database, and never the password', async () => {
  const db = createDatabase(`postgres://postgres:s3cret-password@127.0.0.1:${await closedPort()}/test`)
  try {
    const error = await db.migrateToLatest().then(
      () => null,
      (e: unknown) => e as Error,
    )
    expect(error?.message).toMatch(/migrations could not start on postgres \(.*ECONNREFUSED.*\)/)
    expect(error?.message).not.toContain('s3cret-password')
  } finally {
    await db.close()
  }
})
