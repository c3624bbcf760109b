import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const infraDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const repoRoot = join(infraDir, '..', '..')
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const
export type EnvironmentName = (typeof ENVIRONMENTS)[number]

export const mainBicep = join(infraDir, 'main.bicep')
export const parameterFile = (env: EnvironmentName) => join(infraDir, 'parameters', `${env}.bicepparam`)
export const inRepo = (...parts: string[]) => join(repoRoot, ...parts)
