/**
 * Screenshot options for the plots, compared pixel for pixel (the views' default, in
 * vitest.browser.config.ts, lets 0.2% of the pixels differ at glyph edges).
 */
export const strict = {
  comparatorName: 'pixelmatch',
  comparatorOptions: { allowedMismatchedPixelRatio: 0 },
} as const;
