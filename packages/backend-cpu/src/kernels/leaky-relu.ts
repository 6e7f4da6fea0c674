import { unaryKernel } from '../kernel.js';

export const leakyRelu = unaryKernel<'leakyRelu'>(({ alpha }) => ({
  f: (x) => (x > 0 ? x : alpha === 0 && x === Number.NEGATIVE_INFINITY ? 0 : alpha * x),
  df: (x) => (x > 0 ? 1 : Number.isNaN(x) ? Number.NaN : alpha),
}));
