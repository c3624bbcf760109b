/** Expression tree of the Bicep subset read here. */
export type Expr =
  | { t: 'str'; parts: Array<string | Expr> }
  | { t: 'num'; value: number }
  | { t: 'bool'; value: boolean }
  | { t: 'null' }
  | { t: 'id'; name: string }
  | { t: 'member'; object: Expr; property: string }
  | { t: 'index'; object: Expr; index: Expr }
  | { t: 'call'; callee: string; args: Expr[] }
  | { t: 'array'; items: Expr[] }
  | { t: 'object'; props: Array<{ key: Expr; value: Expr }> }
  | { t: 'for'; item: string; source: Expr; body: Expr }
  | { t: 'unary'; op: '!' | '-'; operand: Expr }
  | { t: 'binary'; op: string; left: Expr; right: Expr }
  | { t: 'cond'; test: Expr; then: Expr; else: Expr }
  | { t: 'if'; test: Expr; body: Expr }

export interface Decorator {
  name: string
  args: Expr[]
}

export type Declaration =
  | { kind: 'param'; name: string; type: string; defaultValue: Expr | undefined; decorators: Decorator[] }
  | { kind: 'var'; name: string; value: Expr }
  | { kind: 'output'; name: string; type: string; value: Expr }
  | { kind: 'resource'; name: string; type: string; value: Expr }
  | { kind: 'module'; name: string; path: string; value: Expr }
  | { kind: 'targetScope'; value: Expr }
  | { kind: 'using'; path: string }
  /** `param x = value` in a .bicepparam file. */
  | { kind: 'paramValue'; name: string; value: Expr }
