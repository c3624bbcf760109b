import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'testing/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    // Real AMQP round trips and scheduled redeliveries: seconds, not milliseconds, under a loaded CI machine.
    testTimeout: 20_000,
  },
})
