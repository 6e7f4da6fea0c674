import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';
import { atLeast, cutGradient, EPS, log1p, pointwiseLoss } from '../losses.js';

/** Smoothed targets t = yTrue·(1 − ls) + 0.5·ls (yTrue itself for ls = 0). */
function targets(tf: Tf, yTrue: TfTensor, ls: number): TfTensor {
  return ls === 0 ? yTrue : tf.add(tf.mul(yTrue, 1 - ls), 0.5 * ls);
}

/**
 * −(t·log p + (1 − t)·log(1 − p)) with p = clip(y, eps, 1 − eps). In float32 1 − 1e-7 rounds to
 * 0.99999988, so the upper side is taken from q = 1 − y (exact for y ≥ 0.5, Sterbenz) clipped at eps:
 * below 0.5 log p = log(p), log(1 − p) = log1p(−p); above, log p = log1p(−q), log(1 − p) = log(q).
 */
function probabilityLoss(tf: Tf, t: TfTensor, y: TfTensor): TfTensor {
  const low = tf.less(y, 0.5);
  const p = atLeast(tf, y, EPS);
  // NaN takes the upper side and stays NaN through atLeast
  const q = atLeast(tf, tf.sub(1, y), EPS);
  const logP = tf.where(low, tf.log(p), log1p(tf, tf.neg(q)));
  const logNotP = tf.where(low, log1p(tf, tf.neg(p)), tf.log(q));
  return tf.neg(tf.add(tf.mul(t, logP), tf.mul(tf.sub(1, t), logNotP)));
}

/** max(z, 0) − z·t + log(1 + e^(−|z|)), as |z|·c with c = 1 − t (z ≥ 0) or t (z < 0): no cancellation. */
function logitLoss(tf: Tf, t: TfTensor, z: TfTensor): TfTensor {
  const absZ = tf.abs(z);
  const c = tf.where(tf.greaterEqual(z, 0), tf.sub(1, t), t);
  // a vanishing coefficient gives 0 also at z = ±∞ (0·∞ = 0: the limit, not ∞ − ∞)
  const linear = tf.where(tf.equal(c, 0), tf.zerosLike(z), tf.mul(absZ, c));
  return tf.add(linear, log1p(tf, tf.exp(tf.neg(absZ))));
}

export const binaryCrossentropy: TfjsKernel<'binaryCrossentropy'> = pointwiseLoss(
  (tf, yTrue, y, { fromLogits, labelSmoothing }) => {
    const t = targets(tf, yTrue, labelSmoothing);
    return fromLogits ? logitLoss(tf, t, y) : probabilityLoss(tf, t, y);
  },
  (tf, yTrue, y, { fromLogits, labelSmoothing }, g) => {
    const t = targets(tf, yTrue, labelSmoothing);
    // sigmoid(±∞) is exactly 1 or 0 on cpu and wasm, so ±∞ need no special case
    if (fromLogits) return tf.mul(g, tf.sub(tf.sigmoid(y), t));
    // the clip cuts the gradient outside [eps, 1 − eps]; y > 1 − eps is tested as 1 − y < eps (exact)
    const q = tf.sub(1, y);
    const cut = tf.logicalOr(tf.less(y, EPS), tf.less(q, EPS));
    return tf.mul(g, cutGradient(tf, cut, t, tf.div(tf.sub(y, t), tf.mul(y, q))));
  },
);
