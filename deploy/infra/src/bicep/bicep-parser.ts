import type { Declaration, Decorator, Expr } from './bicep-ast.js'
import { BicepSyntaxError, tokenize, type Token } from './bicep-tokens.js'

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']]
const CONTINUATIONS = new Set(['?', ':', '||', '&&', '==', '!='])

/** Parses a .bicep or .bicepparam file into its top-level declarations. */
export function parseBicep(source: string): Declaration[] {
  return new Parser(source, tokenize(source)).declarations()
}

/** Parses one expression (used for strings inside interpolations and by tests). */
export function parseBicepExpression(source: string): Expr {
  const parser = new Parser(source, tokenize(source))
  const expr = parser.expression()
  parser.expectEnd()
  return expr
}

class Parser {
  #i = 0
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  declarations(): Declaration[] {
    const out: Declaration[] = []
    let decorators: Decorator[] = []
    for (;;) {
      this.skipNewlines()
      const token = this.peek()
      if (token.kind === 'eof') return out
      if (this.isPunct('@')) {
        this.next()
        const name = this.ident()
        const args = this.isPunct('(') ? this.callArgs() : []
        decorators.push({ name, args })
        continue
      }
      const keyword = this.ident()
      switch (keyword) {
        case 'param': {
          const name = this.ident()
          if (this.isPunct('=')) {
            this.next()
            out.push({ kind: 'paramValue', name, value: this.expression() })
            break
          }
          const type = this.ident()
          let defaultValue: Expr | undefined
          if (this.isPunct('=')) {
            this.next()
            defaultValue = this.expression()
          }
          out.push({ kind: 'param', name, type, defaultValue, decorators })
          break
        }
        case 'var': {
          const name = this.ident()
          this.expect('=')
          out.push({ kind: 'var', name, value: this.expression() })
          break
        }
        case 'output': {
          const name = this.ident()
          const type = this.ident()
          this.expect('=')
          out.push({ kind: 'output', name, type, value: this.expression() })
          break
        }
        case 'resource':
        case 'module': {
          const name = this.ident()
          const label = this.plainString()
          if (this.peek().kind === 'ident' && (this.peek() as { text: string }).text === 'existing') this.next()
          this.expect('=')
          const value = this.expression()
          out.push(keyword === 'resource' ? { kind: 'resource', name, type: label, value } : { kind: 'module', name, path: label, value })
          break
        }
        case 'targetScope':
          this.expect('=')
          out.push({ kind: 'targetScope', value: this.expression() })
          break
        case 'using':
          out.push({ kind: 'using', path: this.plainString() })
          break
        default:
          throw this.error(`unknown declaration ${keyword}`)
      }
      decorators = []
      const end = this.peek()
      if (end.kind !== 'newline' && end.kind !== 'eof') throw this.error('expected the end of the line')
    }
  }

  expression(): Expr {
    const test = this.binary(0)
    if (this.continues('?')) {
      this.next()
      const then = this.expression()
      if (!this.continues(':')) throw this.error('expected : of a conditional')
      this.next()
      return { t: 'cond', test, then, else: this.expression() }
    }
    return test
  }

  expectEnd(): void {
    this.skipNewlines()
    if (this.peek().kind !== 'eof') throw this.error('unexpected input after the expression')
  }

  private binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary()
    let left = this.binary(level + 1)
    for (;;) {
      const op = BINARY_LEVELS[level]!.find((o) => this.continues(o))
      if (!op) return left
      this.next()
      this.skipNewlines()
      left = { t: 'binary', op, left, right: this.binary(level + 1) }
    }
  }

  private unary(): Expr {
    if (this.isPunct('!') || this.isPunct('-')) {
      const op = (this.next() as { text: '!' | '-' }).text
      return { t: 'unary', op, operand: this.unary() }
    }
    return this.postfix(this.primary())
  }

  private postfix(expr: Expr): Expr {
    for (;;) {
      if (this.isPunct('.')) {
        this.next()
        expr = { t: 'member', object: expr, property: this.ident() }
      } else if (this.isPunct('[')) {
        this.next()
        const index = this.expression()
        this.expect(']')
        expr = { t: 'index', object: expr, index }
      } else {
        return expr
      }
    }
  }

  private primary(): Expr {
    const token = this.peek()
    if (token.kind === 'number') {
      this.next()
      return { t: 'num', value: token.value }
    }
    if (token.kind === 'string') {
      this.next()
      return this.stringExpr(token)
    }
    if (token.kind === 'ident') {
      this.next()
      if (token.text === 'true' || token.text === 'false') return { t: 'bool', value: token.text === 'true' }
      if (token.text === 'null') return { t: 'null' }
      if (token.text === 'if' && this.isPunct('(')) {
        this.next()
        const test = this.expression()
        this.expect(')')
        return { t: 'if', test, body: this.expression() }
      }
      if (this.isPunct('(')) return { t: 'call', callee: token.text, args: this.callArgs() }
      return { t: 'id', name: token.text }
    }
    if (this.isPunct('(')) {
      this.next()
      this.skipNewlines()
      const inner = this.expression()
      this.skipNewlines()
      this.expect(')')
      return inner
    }
    if (this.isPunct('[')) return this.array()
    if (this.isPunct('{')) return this.object()
    throw this.error('expected an expression')
  }

  private array(): Expr {
    this.expect('[')
    this.skipSeparators()
    const head = this.peek()
    if (head.kind === 'ident' && head.text === 'for') {
      this.next()
      const item = this.ident()
      if (this.ident() !== 'in') throw this.error('expected in')
      const source = this.expression()
      this.expect(':')
      this.skipNewlines()
      const body = this.expression()
      this.skipSeparators()
      this.expect(']')
      return { t: 'for', item, source, body }
    }
    const items: Expr[] = []
    while (!this.isPunct(']')) {
      items.push(this.expression())
      this.skipSeparators()
    }
    this.next()
    return { t: 'array', items }
  }

  private object(): Expr {
    this.expect('{')
    this.skipSeparators()
    const props: Array<{ key: Expr; value: Expr }> = []
    while (!this.isPunct('}')) {
      const token = this.next()
      let key: Expr
      if (token.kind === 'ident') key = { t: 'str', parts: [token.text] }
      else if (token.kind === 'string') key = this.stringExpr(token)
      else throw this.error('expected a property name')
      this.expect(':')
      this.skipNewlines()
      props.push({ key, value: this.expression() })
      this.skipSeparators()
    }
    this.next()
    return { t: 'object', props }
  }

  private callArgs(): Expr[] {
    this.expect('(')
    this.skipNewlines()
    const args: Expr[] = []
    while (!this.isPunct(')')) {
      args.push(this.expression())
      this.skipNewlines()
      if (this.isPunct(',')) {
        this.next()
        this.skipNewlines()
      }
    }
    this.next()
    return args
  }

  private stringExpr(token: Extract<Token, { kind: 'string' }>): Expr {
    return {
      t: 'str',
      parts: token.parts.map((part) => {
        if (typeof part === 'string') return part
        const inner = new Parser(this.source, part)
        const expr = inner.expression()
        inner.expectEnd()
        return expr
      }),
    }
  }

  private plainString(): string {
    const token = this.next()
    if (token.kind !== 'string' || token.parts.some((p) => typeof p !== 'string')) throw this.error('expected a plain string')
    return token.parts.join('')
  }

  private ident(): string {
    const token = this.next()
    if (token.kind !== 'ident') throw this.error('expected a name', token)
    return token.text
  }

  private expect(text: string): void {
    const token = this.next()
    if (token.kind !== 'punct' || token.text !== text) throw this.error(`expected ${text}`, token)
  }

  /** An operator that may start the next line continues the expression (`cond\n  ? a\n  : b`). */
  private continues(op: string): boolean {
    let j = this.#i
    while (this.tokens[j]?.kind === 'newline') j++
    const token = this.tokens[j]
    if (token?.kind !== 'punct' || token.text !== op) return false
    if (j !== this.#i && !CONTINUATIONS.has(op)) return false
    this.#i = j
    return true
  }

  private isPunct(text: string): boolean {
    const token = this.peek()
    return token.kind === 'punct' && token.text === text
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.#i++
  }

  /** Between elements: one comma on the line, or new lines; Bicep rejects a comma before a line break (BCP238). */
  private skipSeparators(): void {
    if (this.isPunct(',')) {
      this.#i++
      if (this.peek().kind === 'newline' || this.isPunct(',')) throw this.error('a comma must be followed by an element on the same line')
      return
    }
    this.skipNewlines()
  }

  private peek(): Token {
    return this.tokens[this.#i] ?? { kind: 'eof', at: this.source.length }
  }

  private next(): Token {
    const token = this.peek()
    if (token.kind !== 'eof') this.#i++
    return token
  }

  private error(message: string, token: Token = this.peek()): BicepSyntaxError {
    return new BicepSyntaxError(message, token.at, this.source)
  }
}
