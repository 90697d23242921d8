import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/workers/**', 'test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // each file gets its own temp database; files run in parallel processes
    pool: 'forks',
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
});
