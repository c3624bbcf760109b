import type { Expr } from './bicep-ast.js'

export type BicepValue = string | number | boolean | null | BicepValue[] | { [key: string]: BicepValue }

/** Resolves names an expression refers to: parameters, variables, and stand-ins for deployment-time values. */
export type Scope = (name: string) => BicepValue | undefined

export class BicepEvaluationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BicepEvaluationError'
  }
}

/**
 * Evaluates the expression subset the templates use. Anything only Azure knows at deployment time (resource
 * properties, module outputs) must be supplied by the scope; an unknown name is an error, never a guess.
 */
export function evaluate(expr: Expr, scope: Scope): BicepValue {
  switch (expr.t) {
    case 'str':
      return expr.parts.map((p) => (typeof p === 'string' ? p : stringify(evaluate(p, scope)))).join('')
    case 'num':
    case 'bool':
      return expr.value
    case 'null':
      return null
    case 'id': {
      const value = scope(expr.name)
      if (value === undefined) throw new BicepEvaluationError(`unknown name ${expr.name}`)
      return value
    }
    case 'member': {
      const path = memberPath(expr)
      if (path !== undefined) {
        const direct = scope(path)
        if (direct !== undefined) return direct
      }
      const object = evaluate(expr.object, scope)
      if (object === null || typeof object !== 'object' || Array.isArray(object) || !(expr.property in object)) {
        throw new BicepEvaluationError(`cannot read ${expr.property} of ${path ?? 'an expression'}`)
      }
      return object[expr.property]!
    }
    case 'index': {
      const object = evaluate(expr.object, scope)
      const index = evaluate(expr.index, scope)
      if (Array.isArray(object) && typeof index === 'number') return object[index] ?? fail(`index ${index} out of range`)
      if (object && typeof object === 'object' && !Array.isArray(object) && typeof index === 'string') {
        return object[index] ?? fail(`no property ${index}`)
      }
      return fail('unsupported index expression')
    }
    case 'array':
      return expr.items.map((item) => evaluate(item, scope))
    case 'object':
      return Object.fromEntries(expr.props.map(({ key, value }) => [stringify(evaluate(key, scope)), evaluate(value, scope)]))
    case 'for': {
      const source = evaluate(expr.source, scope)
      if (!Array.isArray(source)) return fail('a for loop needs an array')
      return source.map((item) => evaluate(expr.body, (name) => (name === expr.item ? item : scope(name))))
    }
    case 'unary': {
      const operand = evaluate(expr.operand, scope)
      return expr.op === '!' ? !truthy(operand) : -(operand as number)
    }
    case 'binary':
      return binary(expr.op, expr.left, expr.right, scope)
    case 'cond':
      return truthy(evaluate(expr.test, scope)) ? evaluate(expr.then, scope) : evaluate(expr.else, scope)
    case 'if':
      return truthy(evaluate(expr.test, scope)) ? evaluate(expr.body, scope) : null
    case 'call': {
      // Deployment functions (`subscription()`, `resourceGroup()`) are stand-ins the scope may provide.
      const standIn = expr.args.length === 0 ? scope(`${expr.callee}()`) : undefined
      return standIn !== undefined
        ? standIn
        : call(
            expr.callee,
            expr.args.map((a) => evaluate(a, scope)),
          )
    }
  }
}

function binary(op: string, leftExpr: Expr, rightExpr: Expr, scope: Scope): BicepValue {
  const left = evaluate(leftExpr, scope)
  if (op === '||') return truthy(left) || truthy(evaluate(rightExpr, scope))
  if (op === '&&') return truthy(left) && truthy(evaluate(rightExpr, scope))
  const right = evaluate(rightExpr, scope)
  switch (op) {
    case '==':
      return JSON.stringify(left) === JSON.stringify(right)
    case '!=':
      return JSON.stringify(left) !== JSON.stringify(right)
    case '<':
      return (left as number) < (right as number)
    case '>':
      return (left as number) > (right as number)
    case '<=':
      return (left as number) <= (right as number)
    case '>=':
      return (left as number) >= (right as number)
    case '+':
      return (left as number) + (right as number)
    case '-':
      return (left as number) - (right as number)
    case '*':
      return (left as number) * (right as number)
    case '/':
      return Math.trunc((left as number) / (right as number))
    case '%':
      return (left as number) % (right as number)
  }
  return fail(`unsupported operator ${op}`)
}

function call(callee: string, args: BicepValue[]): BicepValue {
  const [a, b] = args
  switch (callee) {
    case 'string':
      return typeof a === 'string' ? a : JSON.stringify(a)
    case 'int':
      return Number.parseInt(String(a), 10)
    case 'json':
      return JSON.parse(String(a)) as BicepValue
    case 'concat':
      return args.every(Array.isArray) ? (args as BicepValue[][]).flat() : args.map(stringify).join('')
    case 'union':
      return Object.assign({}, ...args.map((x) => x as object)) as BicepValue
    case 'empty':
      return a === null || a === '' || (Array.isArray(a) ? a.length === 0 : typeof a === 'object' && Object.keys(a).length === 0)
    case 'contains':
      return Array.isArray(a)
        ? a.some((x) => JSON.stringify(x) === JSON.stringify(b))
        : typeof a === 'string'
          ? a.includes(String(b))
          : String(b) in (a as object)
    case 'take':
      return Array.isArray(a) ? a.slice(0, b as number) : String(a).slice(0, b as number)
    case 'replace':
      return String(a).split(String(b)).join(String(args[2]))
    case 'toLower':
      return String(a).toLowerCase()
    case 'length':
      return Array.isArray(a) ? a.length : String(a).length
  }
  return fail(`function ${callee}() is not supported here`)
}

/** `identities.outputs.serviceId` as one name, so a scope can stand in for deployment outputs. */
function memberPath(expr: Expr): string | undefined {
  if (expr.t === 'id') return expr.name
  if (expr.t === 'member') {
    const head = memberPath(expr.object)
    return head === undefined ? undefined : `${head}.${expr.property}`
  }
  return undefined
}

function truthy(value: BicepValue): boolean {
  if (typeof value !== 'boolean') throw new BicepEvaluationError(`expected a bool, got ${JSON.stringify(value)}`)
  return value
}

function stringify(value: BicepValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function fail(message: string): never {
  throw new BicepEvaluationError(message)
}
