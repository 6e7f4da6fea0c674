import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@rectify/source'] },
  ssr: { resolve: { conditions: ['@rectify/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
