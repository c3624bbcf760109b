import { describe, expect, it } from 'vitest'
import { parseBicep, parseBicepExpression } from './bicep-parser.js'
import { BicepSyntaxError } from './bicep-tokens.js'

describe('parseBicep', () => {
  it('reads decorated params, vars, resources, modules and outputs', () => {
    const decls = parseBicep(`targetScope = 'resourceGroup'
// a comment
@description('Port.')
@minValue(1)
param port int = 3000
@secure()
param token string
var names = [
  'a'
  'b'
]
resource ns 'Microsoft.ServiceBus/namespaces@2021-11-01' = {
  name: 'sb-\${port}'
  properties: { disableLocalAuth: true, minimumTlsVersion: '1.2' }
}
module m 'modules/x.bicep' = {
  name: 'm'
  params: { port: port }
}
output url string = 'https://\${ns.name}'
`)
    expect(decls.map((d) => d.kind)).toEqual(['targetScope', 'param', 'param', 'var', 'resource', 'module', 'output'])
    const port = decls[1]
    expect(port).toMatchObject({ kind: 'param', name: 'port', type: 'int', defaultValue: { t: 'num', value: 3000 } })
    expect(port?.kind === 'param' && port.decorators.map((d) => d.name)).toEqual(['description', 'minValue'])
    expect(decls[2]).toMatchObject({ kind: 'param', name: 'token', defaultValue: undefined })
    expect(decls[4]).toMatchObject({ kind: 'resource', name: 'ns', type: 'Microsoft.ServiceBus/namespaces@2021-11-01' })
  })

  it('reads .bicepparam files', () => {
    expect(parseBicep(`using '../main.bicep'\n\nparam environmentName = 'dev'\nparam minReplicas = 2\n`)).toEqual([
      { kind: 'using', path: '../main.bicep' },
      { kind: 'paramValue', name: 'environmentName', value: { t: 'str', parts: ['dev'] } },
      { kind: 'paramValue', name: 'minReplicas', value: { t: 'num', value: 2 } },
    ])
  })

  it('continues a conditional across lines and keeps the branches apart', () => {
    const expr = parseBicepExpression(`useTwilio
  ? [
      { name: 'A', value: 'x' }
    ]
  : []`)
    expect(expr.t).toBe('cond')
    expect(expr.t === 'cond' && expr.then.t === 'array' && expr.then.items).toHaveLength(1)
    expect(expr.t === 'cond' && expr.else).toEqual({ t: 'array', items: [] })
  })

  it('parses interpolations that contain strings, conditions and for loops', () => {
    const str = parseBicepExpression(`'a\${x == 'y' ? 'b' : 'c'}d'`)
    expect(str.t === 'str' && str.parts).toHaveLength(3)
    expect(parseBicepExpression(`[for id in ids: { principalId: id }]`)).toMatchObject({ t: 'for', item: 'id' })
    expect(parseBicepExpression(`if (enabled) { a: 1 }`)).toMatchObject({ t: 'if', test: { t: 'id', name: 'enabled' } })
  })

  it('reports the line of a syntax error', () => {
    expect(() => parseBicep(`var a = 1\nvar b = = 2\n`)).toThrow(BicepSyntaxError)
    expect(() => parseBicep(`var a = 1\nvar b = = 2\n`)).toThrow(/line 2/)
    expect(() => parseBicep(`var a = 'open\n`)).toThrow(/unterminated string/)
    expect(() => parseBicep(`var a = { b: 1 }\nvar c = 2 3\n`)).toThrow(/end of the line/)
    // Bicep separates elements with commas on one line or with line breaks, never both (BCP238).
    expect(() => parseBicep(`var a = ['x',\n  'y']\n`)).toThrow(/same line/)
    expect(parseBicep(`var a = ['x', 'y'\n  'z']\n`)).toHaveLength(1)
  })
})
