import type { TfjsKernel } from '../kernel.js';
import { EPS, full, pointwiseLoss } from '../losses.js';

export const poisson: TfjsKernel<'poisson'> = pointwiseLoss(
  (tf, t, y) => {
    const l = tf.log(tf.add(y, EPS));
    // where the log is −∞, a zero count contributes nothing (0·∞ = 0)
    const skip = tf.logicalAnd(tf.equal(t, 0), tf.equal(l, Number.NEGATIVE_INFINITY));
    const formula = tf.sub(y, tf.where(skip, tf.zerosLike(l), tf.mul(t, l)));
    // the rate term grows faster than the log: +∞ at yPred = +∞ for any finite count, where ∞ − ∞ would be NaN
    const atInfinity = tf.where(tf.isFinite(t), y, full(tf, y, Number.NaN));
    return tf.where(tf.equal(y, Number.POSITIVE_INFINITY), atInfinity, formula);
  },
  (tf, t, y, _p, g) => tf.mul(g, tf.sub(1, tf.div(t, tf.add(y, EPS)))),
);
