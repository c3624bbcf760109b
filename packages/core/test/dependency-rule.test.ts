import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const self = fileURLToPath(import.meta.url)
const root = join(dirname(self), '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const m of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    found.push(m[1] ?? m[2] ?? m[3]!)
  }
  return found
}

// The core is the hexagon: it may use its own files, zod, libphonenumber-js and Node's built-ins, nothing else.
const allowedInSource = [/^\.{1,2}\//, /^zod$/, /^libphonenumber-js(\/.*)?$/, /^node:/]
// Contract suites and tests may also use the test runner and fast-check.
const allowedInTests = [...allowedInSource, /^vitest$/, /^fast-check$/]

describe('core dependency rule', () => {
  it('production sources import no adapter, framework or SDK', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .filter((f) => !f.endsWith('.test.ts'))
      .flatMap((f) =>
        imports(f)
          .filter((i) => !allowedInSource.some((re) => re.test(i)))
          .map((i) => `${relative(root, f)} imports ${i}`),
      )
    expect(offenders).toEqual([])
  })

  it('contract suites and tests import only the core, vitest and fast-check', () => {
    // This file quotes forbidden imports in its own self-test, so it is left out.
    const files = [
      ...sourceFiles(join(root, 'testing')),
      ...sourceFiles(join(root, 'test')),
      ...sourceFiles(join(root, 'src')).filter((f) => f.endsWith('.test.ts')),
    ].filter((f) => f !== self)
    const offenders = files.flatMap((f) =>
      imports(f)
        .filter((i) => !allowedInTests.some((re) => re.test(i)))
        .map((i) => `${relative(root, f)} imports ${i}`),
    )
    expect(offenders).toEqual([])
  })

  it('declares only zod and libphonenumber-js as runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['libphonenumber-js', 'zod'])
  })

  it('the rule itself catches a forbidden import', () => {
    const sample = "import { FastifyInstance } from 'fastify'\nimport type { X } from './x.js'\nconst t = await import('twilio')"
    const found = [...sample.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
      (m) => m[1] ?? m[2],
    )
    expect(found.filter((i) => !allowedInSource.some((re) => re.test(i!)))).toEqual(['fastify', 'twilio'])
  })
})
