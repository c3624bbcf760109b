import { describe, expect, it } from 'vitest'
import { BicepTemplate, evaluate } from '../src/index.js'
import { deployment } from './support/deployments.js'
import { ENVIRONMENTS, mainBicep, parameterFile } from './support/paths.js'

const main = BicepTemplate.load(mainBicep)

describe.each(ENVIRONMENTS)('parameters/%s.bicepparam', (env) => {
  const file = BicepTemplate.load(parameterFile(env))
  const given = new Map(file.paramValues().map((p) => [p.name, evaluate(p.value, () => undefined)]))

  it('uses main.bicep and sets only parameters it declares', () => {
    expect(file.declarations.find((d) => d.kind === 'using')).toEqual({ kind: 'using', path: '../main.bicep' })
    const declared = new Set(main.params().map((p) => p.name))
    expect([...given.keys()].filter((n) => !declared.has(n))).toEqual([])
    expect(given.get('environmentName')).toBe(env)
  })

  it('pulls the image from the registry the identities get AcrPull on', () => {
    const d = deployment(env)
    expect(String(d.value('image')).startsWith(`${d.value('registryServer')}/`)).toBe(true)
    expect(d.value('deployWorkloads')).toBe(true)
  })

  it('sets every parameter without a default, within its allowed values and bounds', () => {
    for (const param of main.params()) {
      if (param.defaultValue === undefined) expect(given.has(param.name), param.name).toBe(true)
      const value = given.get(param.name)
      if (value === undefined) continue
      for (const decorator of param.decorators) {
        const arg = decorator.args[0] ? evaluate(decorator.args[0], () => undefined) : undefined
        if (decorator.name === 'allowed') expect(arg, param.name).toContainEqual(value)
        if (decorator.name === 'minValue') expect(value, param.name).toBeGreaterThanOrEqual(arg as number)
        if (decorator.name === 'maxValue') expect(value, param.name).toBeLessThanOrEqual(arg as number)
      }
    }
  })
})
