/** Tokens of the Bicep subset this package reads (the templates in deploy/infra use nothing else). */
export type Token =
  | { kind: 'ident'; text: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; parts: Array<string | Token[]>; at: number }
  | { kind: 'punct'; text: string; at: number }
  | { kind: 'newline'; at: number }
  | { kind: 'eof'; at: number }

export class BicepSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
    source: string,
  ) {
    const line = source.slice(0, at).split('\n').length
    super(`${message} (line ${line})`)
    this.name = 'BicepSyntaxError'
  }
}

const PUNCT = [
  '==',
  '!=',
  '&&',
  '||',
  '>=',
  '<=',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ':',
  ',',
  '.',
  '?',
  '!',
  '=',
  '@',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
]

/** Splits Bicep source into tokens; string interpolations (`${...}`) are tokenized recursively. */
export function tokenize(source: string): Token[] {
  const { tokens, end } = scan(source, 0, false)
  if (end !== source.length) throw new BicepSyntaxError('unexpected }', end, source)
  return tokens
}

function scan(source: string, start: number, inInterpolation: boolean): { tokens: Token[]; end: number } {
  const tokens: Token[] = []
  let i = start
  let braces = 0
  while (i < source.length) {
    const c = source[i]!
    if (c === '\n') {
      tokens.push({ kind: 'newline', at: i })
      i++
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++
    } else if (source.startsWith('//', i) || c === '#') {
      // `#disable-next-line` pragmas are comments as far as meaning goes.
      while (i < source.length && source[i] !== '\n') i++
    } else if (source.startsWith('/*', i)) {
      const close = source.indexOf('*/', i + 2)
      if (close < 0) throw new BicepSyntaxError('unterminated comment', i, source)
      i = close + 2
    } else if (c === "'") {
      const str = readString(source, i)
      tokens.push(str.token)
      i = str.end
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!
      tokens.push({ kind: 'number', value: Number(m[0]), at: i })
      i += m[0].length
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!
      tokens.push({ kind: 'ident', text: m[0], at: i })
      i += m[0].length
    } else {
      if (inInterpolation && c === '}' && braces === 0) return { tokens: withEof(tokens, i), end: i }
      const p = PUNCT.find((q) => source.startsWith(q, i))
      if (!p) throw new BicepSyntaxError(`unexpected character ${JSON.stringify(c)}`, i, source)
      if (p === '{') braces++
      if (p === '}') {
        if (braces === 0 && !inInterpolation) return { tokens: withEof(tokens, i), end: i }
        braces--
      }
      tokens.push({ kind: 'punct', text: p, at: i })
      i += p.length
    }
  }
  if (inInterpolation) throw new BicepSyntaxError('unterminated interpolation', start, source)
  return { tokens: withEof(tokens, i), end: i }
}

function withEof(tokens: Token[], at: number): Token[] {
  tokens.push({ kind: 'eof', at })
  return tokens
}

function readString(source: string, start: number): { token: Token; end: number } {
  if (source.startsWith("'''", start)) {
    const close = source.indexOf("'''", start + 3)
    if (close < 0) throw new BicepSyntaxError('unterminated multi-line string', start, source)
    return { token: { kind: 'string', parts: [source.slice(start + 3, close)], at: start }, end: close + 3 }
  }
  const parts: Array<string | Token[]> = []
  let text = ''
  let i = start + 1
  while (i < source.length) {
    const c = source[i]!
    if (c === "'") {
      if (text !== '' || parts.length === 0) parts.push(text)
      return { token: { kind: 'string', parts, at: start }, end: i + 1 }
    }
    if (c === '\n') break
    if (c === '\\') {
      const next = source[i + 1] ?? ''
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next
      i += 2
    } else if (source.startsWith('${', i)) {
      if (text !== '') parts.push(text)
      text = ''
      const inner = scan(source, i + 2, true)
      parts.push(inner.tokens)
      i = inner.end + 1
    } else {
      text += c
      i++
    }
  }
  throw new BicepSyntaxError('unterminated string', start, source)
}
