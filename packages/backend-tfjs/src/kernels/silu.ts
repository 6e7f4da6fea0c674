import { unaryKernel } from '../kernel.js';

// tfjs-core has no silu/swish op
export const silu = unaryKernel<'silu'>(
  (tf, x) => {
    const s = tf.sigmoid(x);
    // x·σ(x) is −∞·0 = NaN at −∞; the limit is 0 (σ decays like e^x)
    return tf.where(tf.equal(s, 0), tf.zerosLike(x), tf.mul(x, s));
  },
  (tf, x) => {
    // σ(x)·(1 + x·(1 − σ(x))) as σ + x·σ(x)·σ(−x): no cancellation in 1 − σ, and where the bell
    // σ(x)·σ(−x) is 0 (±∞, |x| ≳ 104) x·bell is ∞·0 or negligible, so the derivative is σ itself
    const s = tf.sigmoid(x);
    const bell = tf.mul(s, tf.sigmoid(tf.neg(x)));
    return tf.where(tf.equal(bell, 0), s, tf.add(s, tf.mul(x, bell)));
  },
);
