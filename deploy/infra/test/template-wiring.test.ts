import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BicepTemplate, pathIn, type Expr } from '../src/index.js'
import { infraDir, mainBicep } from './support/paths.js'

const modulesDir = join(infraDir, 'modules')

/** Every `module x 'path' = { params: {...} }` of a template, with the names it passes. */
function moduleCalls(template: BicepTemplate) {
  return template.declarations.flatMap((d) => {
    if (d.kind !== 'module') return []
    const params = pathIn(d.value, ['params']) as Extract<Expr, { t: 'object' }>
    const passed = params.props.map((p) => (p.key.t === 'str' ? String(p.key.parts[0]) : '?'))
    return [{ symbol: d.name, path: join(dirname(template.path), d.path), passed }]
  })
}

const templates = [
  mainBicep,
  ...readdirSync(modulesDir)
    .filter((f) => f.endsWith('.bicep'))
    .map((f) => join(modulesDir, f)),
]

describe('Bicep templates', () => {
  it.each(templates.map((t) => [t.slice(infraDir.length + 1), t]))('%s parses', (_name, path) => {
    expect(BicepTemplate.load(path).declarations.length).toBeGreaterThan(0)
  })

  it('pass each module exactly the parameters it declares, and every one it requires', () => {
    const calls = templates.flatMap((t) => moduleCalls(BicepTemplate.load(t)))
    expect(calls.length).toBeGreaterThanOrEqual(9)
    for (const call of calls) {
      expect(existsSync(call.path), call.path).toBe(true)
      const params = BicepTemplate.load(call.path).params()
      const declared = new Set(params.map((p) => p.name))
      expect(
        call.passed.filter((p) => !declared.has(p)),
        `${call.symbol}: unknown parameters`,
      ).toEqual([])
      const required = params.filter((p) => p.defaultValue === undefined).map((p) => p.name)
      expect(
        required.filter((p) => !call.passed.includes(p)),
        `${call.symbol}: missing parameters`,
      ).toEqual([])
    }
  })

  it('use every module file', () => {
    const used = new Set(templates.flatMap((t) => moduleCalls(BicepTemplate.load(t))).map((c) => c.path))
    const unused = readdirSync(modulesDir)
      .filter((f) => f.endsWith('.bicep'))
      .map((f) => join(modulesDir, f))
      .filter((f) => !used.has(f))
    expect(unused).toEqual([])
  })

  it('read only declared parameters and variables in each template', () => {
    for (const path of templates) {
      const template = BicepTemplate.load(path)
      const names = new Set(
        template.declarations.flatMap((d) => ('name' in d && d.kind !== 'paramValue' && d.kind !== 'output' ? [d.name] : [])),
      )
      const unknown = new Set<string>()
      const visit = (e: Expr, locals: ReadonlySet<string>): void => {
        switch (e.t) {
          case 'id':
            if (!names.has(e.name) && !locals.has(e.name)) unknown.add(e.name)
            return
          case 'str':
            for (const p of e.parts) if (typeof p !== 'string') visit(p, locals)
            return
          case 'member':
            visit(e.object, locals)
            return
          case 'index':
            visit(e.object, locals)
            visit(e.index, locals)
            return
          case 'call':
            for (const a of e.args) visit(a, locals)
            return
          case 'array':
            for (const i of e.items) visit(i, locals)
            return
          case 'object':
            for (const p of e.props) {
              visit(p.key, locals)
              visit(p.value, locals)
            }
            return
          case 'for':
            visit(e.source, locals)
            visit(e.body, new Set([...locals, e.item]))
            return
          case 'unary':
            visit(e.operand, locals)
            return
          case 'binary':
            visit(e.left, locals)
            visit(e.right, locals)
            return
          case 'cond':
            visit(e.test, locals)
            visit(e.then, locals)
            visit(e.else, locals)
            return
          case 'if':
            visit(e.test, locals)
            visit(e.body, locals)
            return
          default:
            return
        }
      }
      for (const d of template.declarations) {
        if (d.kind === 'param' && d.defaultValue) visit(d.defaultValue, new Set())
        if (d.kind === 'var' || d.kind === 'output' || d.kind === 'resource' || d.kind === 'module') visit(d.value, new Set())
      }
      expect([...unknown], path).toEqual([])
    }
  })
})
