import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The Vitest config of a package's browser tests (`test/**\/*.browser.test.ts`) in headless Chromium. */
export function browserTestConfig() {
  return defineConfig({
    resolve: { conditions: ['@rectify/source', 'browser'] },
    test: {
      include: ['test/**/*.browser.test.ts'],
      testTimeout: 120_000,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: {
            executablePath,
            args: [
              '--no-sandbox',
              '--disable-gpu',
              '--disable-background-networking',
              '--disable-component-update',
              '--no-first-run',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  });
}
