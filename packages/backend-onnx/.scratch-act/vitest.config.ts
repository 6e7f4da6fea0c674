import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: __dirname,
  resolve: { conditions: ['@rectify/source'] },
  ssr: { resolve: { conditions: ['@rectify/source'] } },
  test: { include: ['*.test.ts'], testTimeout: 120_000 },
});
