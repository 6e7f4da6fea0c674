import { nanMask, onWasm, unaryKernel } from '../kernel.js';

// tf.relu keeps NaN on cpu; on wasm it turns a NaN with its sign bit set (what x86 arithmetic produces)
// into 0, so the NaN is multiplied back in there. The derivative is a step with the catalog's kink
// (0 at x = 0), and tf.step keeps NaN
export const relu = unaryKernel<'relu'>(
  (tf, x) => (onWasm(tf) ? tf.mul(tf.relu(x), nanMask(tf, x)) : tf.relu(x)),
  (tf, x) => tf.step(x, 0),
  { derivativeKeepsNaN: true },
);
