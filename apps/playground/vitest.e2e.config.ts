import { defineConfig } from 'vitest/config';

// The end-to-end test builds the app, serves it and drives Chromium itself: a plain Node run.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
