import { unaryKernel } from '../kernel.js';

export const relu6 = unaryKernel<'relu6'>(() => ({
  f: (x) => Math.min(Math.max(x, 0), 6),
  df: (x) => (x > 0 && x < 6 ? 1 : Number.isNaN(x) ? Number.NaN : 0),
}));
