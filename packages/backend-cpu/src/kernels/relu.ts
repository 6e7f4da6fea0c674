import { unaryKernel } from '../kernel.js';

export const relu = unaryKernel<'relu'>(() => ({
  f: (x) => Math.max(x, 0),
  df: (x) => (x > 0 ? 1 : Number.isNaN(x) ? Number.NaN : 0),
}));
