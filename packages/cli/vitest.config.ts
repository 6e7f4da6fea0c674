import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@rectify/source'] },
  ssr: { resolve: { conditions: ['@rectify/source'] } },
  // the CLI tests run whole commands (builds of sessions, a small benchmark): slow under a loaded machine
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
