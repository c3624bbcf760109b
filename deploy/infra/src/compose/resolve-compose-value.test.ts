import { describe, expect, it } from 'vitest'
import { resolveComposeValue } from './resolve-compose-value.js'

describe('resolveComposeValue', () => {
  it('applies defaults the way docker compose does', () => {
    expect(resolveComposeValue('${A:-x}')).toBe('x')
    expect(resolveComposeValue('${A:-x}', { A: '' })).toBe('x')
    expect(resolveComposeValue('${A-x}', { A: '' })).toBe('')
    expect(resolveComposeValue('${A:-x}', { A: 'set' })).toBe('set')
    expect(resolveComposeValue('mssql://sa:${P:-pw}@db/sms')).toBe('mssql://sa:pw@db/sms')
  })

  it('leaves escaped dollars for the container and empties unset variables', () => {
    expect(resolveComposeValue('-P "$${MSSQL_SA_PASSWORD}"')).toBe('-P "${MSSQL_SA_PASSWORD}"')
    expect(resolveComposeValue('${UNSET}/$ALSO')).toBe('/')
  })
})
