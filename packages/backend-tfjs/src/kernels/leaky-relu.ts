import { onWasm, unaryKernel } from '../kernel.js';
import { relu } from './relu.js';

// alpha is always passed: tf.leakyRelu's default is 0.2, the catalog's 0.01. On wasm tf.prelu with the
// slope as a scalar computes the same float32 product at half the cost of tf.leakyRelu. Both keep NaN
// and ±∞
export const leakyRelu = unaryKernel<'leakyRelu'>(
  (tf, x, { alpha }) => {
    // alpha·x would be 0·(−∞) = NaN for alpha 0; the limit there is 0
    if (alpha === 0) return relu.forward(tf, { x }, {});
    return onWasm(tf) ? tf.prelu(x, tf.scalar(alpha)) : tf.leakyRelu(x, alpha);
  },
  // 1 for x > 0, alpha otherwise (at x = 0 too), NaN for NaN
  (tf, x, { alpha }) => tf.step(x, alpha),
  { derivativeKeepsNaN: true },
);
