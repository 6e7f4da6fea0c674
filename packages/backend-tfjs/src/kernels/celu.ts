import { unaryKernel } from '../kernel.js';

// tfjs has no celu. For x ≤ 0, alpha·expm1(x/alpha) is the catalog's max(0, x) + min(0, alpha·(exp(x/alpha) − 1))
// for either sign of alpha; expm1 keeps small negative x exact in relative terms
export const celu = unaryKernel<'celu'>(
  (tf, x, { alpha }) => tf.where(tf.greater(x, 0), x, tf.mul(tf.expm1(tf.div(x, alpha)), alpha)),
  // 1 at x = 0 (the left branch, e⁰)
  (tf, x, { alpha }) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(tf.div(x, alpha))),
);
