import { unaryKernel } from '../kernel.js';

// tf.leakyRelu (one kernel; keeps NaN and ±∞) with alpha always passed: its default is 0.2, the
// catalog's 0.01
export const leakyRelu = unaryKernel<'leakyRelu'>(
  (tf, x, { alpha }) =>
    // alpha·x would be 0·(−∞) = NaN for alpha 0; the limit there is 0
    alpha === 0 ? tf.relu(x) : tf.leakyRelu(x, alpha),
  (tf, x, { alpha }) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, alpha)),
);
