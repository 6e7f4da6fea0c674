import type { TfjsKernel } from '../kernel.js';
import { log1p, pointwiseLoss } from '../losses.js';

export const logCosh: TfjsKernel<'logCosh'> = pointwiseLoss(
  (tf, t, y) => {
    const d = tf.sub(y, t);
    const a = tf.abs(d);
    // |d| ≤ 1: cosh d = 1 + 2·sinh²(d/2), so log1p keeps the tiny result exact
    const near = log1p(tf, tf.mul(tf.square(tf.sinh(tf.mul(d, 0.5))), 2));
    // |d| > 1: |d| − ln 2 + log1p(e^(−2|d|)) never exponentiates a positive number; NaN lands here
    const far = tf.add(tf.sub(a, Math.LN2), log1p(tf, tf.exp(tf.mul(a, -2))));
    return tf.where(tf.lessEqual(a, 1), near, far);
  },
  (tf, t, y, _p, g) => tf.mul(g, tf.tanh(tf.sub(y, t))),
);
