import type { Tf, TfTensor } from '../kernel.js';
import { unaryKernel } from '../kernel.js';

/**
 * t = tanh(softplus(x)) and 1 − t, both without cancellation or overflow, from e = e^(−|x|) ≤ 1.
 * tanh(log(1 + n)) = n(n + 2)/(n(n + 2) + 2) with n = e^x; for x > 0 the same fraction in m = e^(−x)
 * is (1 + 2m)/(1 + 2m + 2m²). 1 − t comes from the same fraction (not by subtraction), as core does,
 * so the derivative keeps its digits where t is near 1.
 */
function tanhSoftplus(tf: Tf, x: TfTensor): { readonly t: TfTensor; readonly oneMinusT: TfTensor } {
  const e = tf.exp(tf.neg(tf.abs(x)));
  const twoE = tf.mul(e, 2);
  // x > 0
  const den = tf.add(tf.add(twoE, 1), tf.mul(twoE, e));
  const tPos = tf.div(tf.add(twoE, 1), den);
  const oneMinusTPos = tf.div(tf.mul(twoE, e), den);
  // x ≤ 0 (and NaN, which the NaN e carries through)
  const q = tf.mul(e, tf.add(e, 2));
  const qPlus2 = tf.add(q, 2);
  const tNeg = tf.div(q, qPlus2);
  const oneMinusTNeg = tf.div(2, qPlus2);
  const positive = tf.greater(x, 0);
  return { t: tf.where(positive, tPos, tNeg), oneMinusT: tf.where(positive, oneMinusTPos, oneMinusTNeg) };
}

// tfjs has no mish; tanh(softplus(x)) composed naively would lose 1 − t and overflow e^x
export const mish = unaryKernel<'mish'>(
  (tf, x) => {
    const { t } = tanhSoftplus(tf, x);
    // at −∞, x·t is −∞·0; the limit is 0 (t decays like e^x)
    return tf.where(tf.equal(t, 0), tf.zerosLike(x), tf.mul(x, t));
  },
  (tf, x) => {
    const { t, oneMinusT } = tanhSoftplus(tf, x);
    // d/dx tanh(softplus(x)) = (1 − t²)·σ(x); x times it tends to 0 at ±∞ (∞·0 otherwise)
    const gate = tf.mul(tf.mul(oneMinusT, tf.add(t, 1)), tf.sigmoid(x));
    return tf.where(tf.equal(gate, 0), t, tf.add(t, tf.mul(x, gate)));
  },
);
