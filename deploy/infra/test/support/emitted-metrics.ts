import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { MetricNames } from '@sms-notification/core'
import { inRepo } from './paths.js'

const SOURCE_ROOTS = ['packages', 'deploy']

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'test' || entry === 'infra') continue
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts') && path.includes(`${'/'}src${'/'}`)) out.push(path)
  }
  return out
}

export interface EmittedMetrics {
  /** Every metric name the code can emit: MetricNames plus literal `sms.*` names in sources. */
  names: Set<string>
  /** Names emitted with `distribution(...)` (percentiles are only meaningful for these). */
  distributions: Set<string>
  /** Source text of every production file, for spot checks. */
  sources: Map<string, string>
}

/** Reads what the code emits from the sources themselves, so a renamed metric breaks the monitors' test. */
export function emittedMetrics(): EmittedMetrics {
  const sources = new Map<string, string>()
  for (const root of SOURCE_ROOTS) for (const file of sourceFiles(inRepo(root))) sources.set(file, readFileSync(file, 'utf8'))
  const byKey = MetricNames as Record<string, string>
  const names = new Set<string>(Object.values(byKey))
  const distributions = new Set<string>()
  for (const text of sources.values()) {
    for (const m of text.matchAll(/['"`](sms\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)['"`]/g)) names.add(m[1]!)
    for (const m of text.matchAll(/\.distribution\(\s*(?:MetricNames\.(\w+)|['"`](sms\.[a-z0-9_.]+)['"`])/g)) {
      const name = m[1] ? byKey[m[1]] : m[2]
      if (name) distributions.add(name)
    }
  }
  return { names, distributions, sources }
}
