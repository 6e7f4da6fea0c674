import { nanMask, onWasm, unaryKernel } from '../kernel.js';

export const relu6 = unaryKernel<'relu6'>(
  // tf.relu6 keeps NaN on cpu but turns it into 0 on wasm, where it is multiplied back in
  (tf, x) => (onWasm(tf) ? tf.mul(tf.relu6(x), nanMask(tf, x)) : tf.relu6(x)),
  // tfjs's own gradient is 1 at x = 6; the catalog's is 1 only on 0 < x < 6, where x·(6 − x) > 0 (the
  // sign of a float product and difference is exact, ±∞ give −∞, NaN stays NaN). A step of it costs three
  // cheap passes where two comparisons and a logical and cost three slow ones
  (tf, x) => tf.step(tf.mul(x, tf.sub(6, x)), 0),
  { derivativeKeepsNaN: true },
);
