import { dirname, join } from 'node:path'
import type { Expr } from './bicep-ast.js'
import { evaluate, type BicepValue, type Scope } from './bicep-evaluator.js'
import { BicepTemplate } from './bicep-template.js'

/**
 * A main template with one environment's parameter file: evaluates what the deployment would hand to each
 * module, standing in for values only Azure knows (outputs, resource properties).
 */
export class BicepDeployment {
  readonly main: BicepTemplate
  readonly parameters: BicepTemplate
  readonly #standIns: Record<string, BicepValue>
  readonly #mainScope: Scope

  constructor(mainPath: string, parameterFilePath: string, standIns: Record<string, BicepValue>) {
    this.main = BicepTemplate.load(mainPath)
    this.parameters = BicepTemplate.load(parameterFilePath)
    this.#standIns = standIns
    const given = new Map(this.parameters.paramValues().map((p) => [p.name, p.value]))
    const fromFile: Scope = (name) => {
      const expr = given.get(name)
      return expr === undefined ? undefined : evaluate(expr, () => undefined)
    }
    this.#mainScope = this.main.scope(fromFile, standIns)
  }

  /** Value of a main-template parameter or variable for this environment. */
  value(name: string): BicepValue {
    const value = this.#mainScope(name)
    if (value === undefined) throw new Error(`${name} has no value in ${this.parameters.path}`)
    return value
  }

  /** The module's template and a scope holding the parameters main.bicep passes it. */
  module(symbol: string): { template: BicepTemplate; scope: Scope; evaluate: (expr: Expr) => BicepValue } {
    const declaration = this.main.module(symbol)
    const template = BicepTemplate.load(join(dirname(this.main.path), declaration.path))
    const body = declaration.value.t === 'if' ? declaration.value.body : declaration.value
    if (body.t !== 'object') throw new Error(`module ${symbol} has no object body`)
    const params = body.props.find((p) => p.key.t === 'str' && p.key.parts[0] === 'params')?.value
    const passed = new Map<string, Expr>()
    if (params?.t === 'object') {
      for (const p of params.props) if (p.key.t === 'str' && typeof p.key.parts[0] === 'string') passed.set(p.key.parts[0], p.value)
    }
    const inputs: Scope = (name) => {
      const expr = passed.get(name)
      return expr === undefined ? undefined : evaluate(expr, this.#mainScope)
    }
    const scope = template.scope(inputs, this.#standIns)
    return { template, scope, evaluate: (expr) => evaluate(expr, scope) }
  }
}
