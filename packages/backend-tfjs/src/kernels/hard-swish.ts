import { unaryKernel } from '../kernel.js';

// tfjs has no hardSwish. Piecewise rather than x·clip(x + 3, 0, 6)/6, which gives −∞·0 = NaN at −∞ and
// overflows for huge x; NaN fails both tests and falls through to the middle branch, which keeps it
export const hardSwish = unaryKernel<'hardSwish'>(
  (tf, x) =>
    tf.where(
      tf.less(x, -3),
      tf.zerosLike(x),
      tf.where(tf.greater(x, 3), x, tf.div(tf.mul(x, tf.add(x, 3)), 6)),
    ),
  // the middle branch at both kinks: −0.5 at x = −3, 1.5 at x = 3. (x + 1.5)/3 rather than x/3 + 0.5: near
  // x = −1.5 the cancellation is then the exact x + 1.5, not a sum with x/3's rounding error
  (tf, x) =>
    tf.where(
      tf.less(x, -3),
      tf.zerosLike(x),
      tf.where(tf.lessEqual(x, 3), tf.div(tf.add(x, 1.5), 3), tf.onesLike(x)),
    ),
);
