import { unaryKernel } from '../kernel.js';

export const hardTanh = unaryKernel<'hardTanh'>(({ min, max }) => ({
  f: (x) => (x < min ? min : x > max ? max : x),
  df: (x) => (x > min && x < max ? 1 : x !== x ? Number.NaN : 0),
}));
