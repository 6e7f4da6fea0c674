import { unaryKernel } from '../kernel.js';

export const relu6 = unaryKernel<'relu6'>(() => ({
  f: (x) => (x < 0 ? 0 : x > 6 ? 6 : x),
  df: (x) => (x > 0 && x < 6 ? 1 : x !== x ? Number.NaN : 0),
}));
