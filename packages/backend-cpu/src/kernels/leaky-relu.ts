import { unaryKernel } from '../kernel.js';

export const leakyRelu = unaryKernel<'leakyRelu'>(({ alpha }) => ({
  f: (x) => (x > 0 ? x : alpha * x),
  df: (x) => (x > 0 ? 1 : x !== x ? Number.NaN : alpha),
}));
