import { type PlaywrightProviderOptions, playwright } from '@vitest/browser-playwright';
import { mergeConfig } from 'vite';
import { browserTestConfig } from '../../vitest.browser.ts';
import app from './vite.config.ts';

// The views are screenshotted at this size. The browser window gets the same viewport: a smaller
// window would make Vitest scale the test frame down, and the screenshots with it.
const viewport = { width: 1400, height: 3200 };

const shared = browserTestConfig();
// the shared Chromium launch (executable, flags), in a provider of our own that also sets the window
const launchOptions = (shared.test?.browser?.provider?.options as PlaywrightProviderOptions | undefined)
  ?.launchOptions;

// The app's resolve conditions and pre-bundled dependencies in the shared headless-Chromium setup.
export default mergeConfig(app, {
  ...shared,
  test: {
    ...shared.test,
    testTimeout: 120_000,
    browser: {
      ...shared.test?.browser,
      viewport,
      // text is rendered with the bundled Inter / JetBrains Mono and the plots' DejaVu Sans: stable here;
      // a small mismatch ratio absorbs anti-aliasing noise at glyph edges (test/screenshots.ts: none)
      expect: {
        toMatchScreenshot: {
          comparatorName: 'pixelmatch',
          comparatorOptions: { allowedMismatchedPixelRatio: 0.002 },
        },
      },
      provider: playwright({ ...(launchOptions ? { launchOptions } : {}), contextOptions: { viewport } }),
    },
  },
});
