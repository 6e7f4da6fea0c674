import { unaryKernel } from '../kernel.js';

// tf.leakyRelu defaults to alpha 0.2; the catalog's is 0.01, so alpha is always passed
export const leakyRelu = unaryKernel<'leakyRelu'>(
  (tf, x, { alpha }) =>
    // alpha·x would be 0·(−∞) = NaN for alpha 0; the limit there is 0
    alpha === 0 ? tf.relu(x) : tf.where(tf.greater(x, 0), x, tf.mul(x, alpha)),
  (tf, x, { alpha }) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, alpha)),
);
