import type { TfjsKernel } from '../kernel.js';
import { pointwiseLoss, signOf } from '../losses.js';

export const huber: TfjsKernel<'huber'> = pointwiseLoss(
  (tf, t, y, { delta }) => {
    const d = tf.sub(y, t);
    const a = tf.abs(d);
    // d overflows float32 only for huge values of opposite signs; delta·|d| may still be finite
    // (delta < 1), and |delta·y − delta·t| has no cancellation there
    const scaled = tf.sub(tf.abs(tf.sub(tf.mul(y, delta), tf.mul(t, delta))), 0.5 * delta * delta);
    const linear = tf.where(tf.isInf(d), scaled, tf.mul(tf.sub(a, 0.5 * delta), delta));
    // NaN fails the test and takes the linear branch, which keeps it NaN
    return tf.where(tf.lessEqual(a, delta), tf.mul(tf.square(d), 0.5), linear);
  },
  (tf, t, y, { delta }, g) => {
    const d = tf.sub(y, t);
    return tf.mul(g, tf.where(tf.lessEqual(tf.abs(d), delta), d, tf.mul(signOf(tf, d), delta)));
  },
);
