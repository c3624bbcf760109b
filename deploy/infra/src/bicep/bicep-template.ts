import { readFileSync } from 'node:fs'
import type { Declaration, Expr } from './bicep-ast.js'
import { BicepEvaluationError, evaluate, type BicepValue, type Scope } from './bicep-evaluator.js'
import { parseBicep } from './bicep-parser.js'

type Of<K extends Declaration['kind']> = Extract<Declaration, { kind: K }>

/** One parsed .bicep (or .bicepparam) file, with lookups by declaration name. */
export class BicepTemplate {
  readonly declarations: readonly Declaration[]

  constructor(
    readonly path: string,
    source: string,
  ) {
    this.declarations = parseBicep(source)
  }

  static load(path: string): BicepTemplate {
    return new BicepTemplate(path, readFileSync(path, 'utf8'))
  }

  params(): Array<Of<'param'>> {
    return this.#all('param')
  }

  /** `param x = …` assignments of a .bicepparam file. */
  paramValues(): Array<Of<'paramValue'>> {
    return this.#all('paramValue')
  }

  resources(): Array<Of<'resource'>> {
    return this.#all('resource')
  }

  param(name: string): Of<'param'> {
    return this.#one('param', name)
  }

  variable(name: string): Of<'var'> {
    return this.#one('var', name)
  }

  resource(name: string): Of<'resource'> {
    return this.#one('resource', name)
  }

  module(name: string): Of<'module'> {
    return this.#one('module', name)
  }

  /**
   * A scope where `inputs` (evaluated parameter values) win over parameter defaults, then variables, then
   * `standIns` for values only a deployment knows (`sql.outputs.serverFqdn`, `storage.name`). Evaluated lazily,
   * so a template value is computed only when something asks for it.
   */
  scope(inputs: Scope, standIns: Record<string, BicepValue>): Scope {
    const cache = new Map<string, BicepValue>()
    const resolving = new Set<string>()
    const self: Scope = (name) => {
      if (cache.has(name)) return cache.get(name)
      const input = inputs(name)
      if (input !== undefined) return input
      const declaration = this.declarations.find((d) => (d.kind === 'param' || d.kind === 'var') && d.name === name) as
        | Of<'param'>
        | Of<'var'>
        | undefined
      const expr = declaration?.kind === 'param' ? declaration.defaultValue : declaration?.value
      if (expr === undefined) return standIns[name]
      if (resolving.has(name)) throw new BicepEvaluationError(`${name} refers to itself`)
      resolving.add(name)
      try {
        const value = evaluate(expr, self)
        cache.set(name, value)
        return value
      } finally {
        resolving.delete(name)
      }
    }
    return self
  }

  #all<K extends Declaration['kind']>(kind: K): Array<Of<K>> {
    return this.declarations.filter((d): d is Of<K> => d.kind === kind)
  }

  #one<K extends 'param' | 'var' | 'resource' | 'module'>(kind: K, name: string): Of<K> {
    const found = this.#all(kind).find((d) => (d as { name: string }).name === name)
    if (!found) throw new Error(`${this.path} declares no ${kind} ${name}`)
    return found
  }
}

/** Follows object keys (and, for arrays, the element whose `name` is the given string) through an expression tree. */
export function pathIn(expr: Expr, path: ReadonlyArray<string | { name: string }>): Expr {
  let current: Expr = expr.t === 'if' ? expr.body : expr
  for (const step of path) {
    if (typeof step === 'string') {
      if (current.t !== 'object') throw new Error(`expected an object before ${step}`)
      const prop = current.props.find((p) => p.key.t === 'str' && p.key.parts.length === 1 && p.key.parts[0] === step)
      if (!prop) throw new Error(`no property ${step}`)
      current = prop.value
    } else {
      if (current.t !== 'array') throw new Error(`expected an array before the element named ${step.name}`)
      const item = current.items.find((i) => {
        if (i.t !== 'object') return false
        const name = i.props.find((p) => p.key.t === 'str' && p.key.parts[0] === 'name')?.value
        return name?.t === 'str' && name.parts.length === 1 && name.parts[0] === step.name
      })
      if (!item) throw new Error(`no element named ${step.name}`)
      current = item
    }
  }
  return current
}
