import type { BicepValue } from './bicep-evaluator.js'

/** One `{ name, value | secretRef }` element of a container `env` or a site's `appSettings`. */
export interface NamedEntry {
  name: string
  value: string | undefined
  secretRef: string | undefined
}

/** Reads an evaluated env / appSettings array; throws on an element without a string `name`. */
export function namedEntries(array: BicepValue): NamedEntry[] {
  if (!Array.isArray(array)) throw new Error('expected an array of { name, value } objects')
  return array.map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || typeof item.name !== 'string') {
      throw new Error(`expected { name, value }, got ${JSON.stringify(item)}`)
    }
    const value = item.value
    const secretRef = item.secretRef
    return {
      name: item.name,
      value: value === undefined || value === null ? undefined : String(value),
      secretRef: typeof secretRef === 'string' ? secretRef : undefined,
    }
  })
}
