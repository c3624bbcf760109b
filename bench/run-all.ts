// Runs every benchmark in this folder one after another (`npm run bench`), or those named on the command line
// (`npm run bench -- orchestrator-overhead providers-throughput`). Each prints its own figures.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort()
const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`)
  process.exit(2)
}
let failed = 0
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n=== ${name} ===`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`)], { stdio: 'inherit', cwd: here })
  if (r.status !== 0) {
    failed++
    console.log(`(${name} exited with ${r.status ?? r.signal})`)
  }
}
process.exit(failed > 0 ? 1 : 0)
