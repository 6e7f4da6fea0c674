import { unaryKernel } from '../kernel.js';

// `x < 0 ? 0 : x` rather than `x > 0 ? x : 0` so NaN passes through.
export const relu = unaryKernel<'relu'>(() => ({
  f: (x) => (x < 0 ? 0 : x),
  df: (x) => (x > 0 ? 1 : x !== x ? Number.NaN : 0),
}));
