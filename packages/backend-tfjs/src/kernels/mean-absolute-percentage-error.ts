import type { TfjsKernel } from '../kernel.js';
import { atLeast, EPS, full, pointwiseLoss, signOf } from '../losses.js';

export const meanAbsolutePercentageError: TfjsKernel<'meanAbsolutePercentageError'> = pointwiseLoss(
  (tf, t, y) => {
    const den = atLeast(tf, tf.abs(t), EPS);
    const diff = tf.sub(t, y);
    // t − y overflows float32 only for huge values of opposite signs, where t/den − y/den loses nothing
    const scaled = tf.sub(tf.div(t, den), tf.div(y, den));
    // divide before scaling by 100, so that nothing overflows unless the result does
    const ratio = tf.abs(tf.where(tf.isInf(diff), scaled, tf.div(diff, den)));
    // |t − y|/|t| → 1 as |t| → ∞ for finite y, where the formula gives ∞/∞
    const atInfinity = tf.where(tf.isFinite(y), tf.onesLike(y), full(tf, y, Number.NaN));
    return tf.mul(tf.where(tf.isInf(t), atInfinity, ratio), 100);
  },
  (tf, t, y, _p, g) => tf.mul(g, tf.div(tf.mul(signOf(tf, tf.sub(y, t)), 100), atLeast(tf, tf.abs(t), EPS))),
);
