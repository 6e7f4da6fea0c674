import { unaryKernel } from '../kernel.js';

// tf.elu has no alpha (always 1), so elu is composed; expm1 keeps small negative x exact in relative
// terms and gives −alpha at −∞
export const elu = unaryKernel<'elu'>(
  (tf, x, { alpha }) => tf.where(tf.greater(x, 0), x, tf.mul(tf.expm1(x), alpha)),
  // alpha at x = 0: the left branch
  (tf, x, { alpha }) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.mul(tf.exp(x), alpha)),
);
