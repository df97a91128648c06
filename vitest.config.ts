import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run server code in plain Node.
      'server-only': path.resolve(import.meta.dirname, 'lib/server/testing/server-only-stub.ts'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // DB-backed tests share one database: run files one at a time.
    fileParallelism: false,
    testTimeout: 20_000,
  },
});
