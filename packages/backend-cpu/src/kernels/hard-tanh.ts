import { unaryKernel } from '../kernel.js';

export const hardTanh = unaryKernel<'hardTanh'>(({ min, max }) => ({
  f: (x) => Math.min(Math.max(x, min), max),
  df: (x) => (x > min && x < max ? 1 : Number.isNaN(x) ? Number.NaN : 0),
}));
