import { defineConfig } from 'vitest/config'

// One run over every package, so one report counts every test.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'deploy/*/vitest.config.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
