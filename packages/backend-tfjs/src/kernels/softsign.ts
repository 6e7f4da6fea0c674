import { unaryKernel } from '../kernel.js';

// tfjs has no softsign
export const softsign = unaryKernel<'softsign'>(
  (tf, x) =>
    // ±∞/∞ would be NaN; the limit is ±1, which clipping ±∞ gives (clip is only used on those
    // elements: on wasm it turns NaN into −1)
    tf.where(tf.isInf(x), tf.clipByValue(x, -1, 1), tf.div(x, tf.add(tf.abs(x), 1))),
  (tf, x) => {
    // squaring the reciprocal (not the denominator) underflows gently instead of overflowing to ∞
    const r = tf.reciprocal(tf.add(tf.abs(x), 1));
    return tf.mul(r, r);
  },
);
