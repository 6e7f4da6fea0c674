import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';
import { cutGradient, EPS, log1p, pointwiseLoss } from '../losses.js';

/** Smoothed targets t = yTrue·(1 − ls) + 0.5·ls (yTrue itself for ls = 0). */
function targets(tf: Tf, yTrue: TfTensor, ls: number): TfTensor {
  return ls === 0 ? yTrue : tf.add(tf.mul(yTrue, 1 - ls), 0.5 * ls);
}

/**
 * −(t·log p + (1 − t)·log(1 − p)) with p = clip(y, eps, 1 − eps). In float32 1 − 1e-7 rounds to
 * 0.99999988, so both logs come from the smaller side s = max(min(y, 1 − y), eps) ≤ ½ (1 − y is exact
 * from y = ½ up, Sterbenz): a = log s, and b = log(1 − s) = log1p(−s), which keeps the digits of a tiny
 * s that log(1 − s) would round away. With c = b − a = log((1 − s)/s) ≥ 0 the loss is w·c − b, where w
 * is t when s = p (y < ½) and 1 − t otherwise.
 *
 * On cpu every kernel is a JavaScript loop of about the same cost, comparisons and selects included, and
 * tf.log1p is Math.log1p in float64. On wasm (and webgl) comparisons and selects cost several arithmetic
 * passes and tf.log1p is log(1 + x) in float32: there the side is a step, the selects are exact
 * products with 0 and 1, and log1p is Kahan's log(u)·s/(1 − u) with u = 1 − s (1 − u is exact).
 */
function probabilityLoss(tf: Tf, t: TfTensor, y: TfTensor): TfTensor {
  if (tf.getBackend() === 'cpu') {
    const low = tf.less(y, 0.5);
    // NaN fails the test and takes 1 − y, NaN; clipByValue keeps it on cpu
    const s = tf.clipByValue(tf.where(low, y, tf.sub(1, y)), EPS, 1);
    const a = tf.log(s);
    const b = tf.log1p(tf.neg(s));
    return tf.sub(tf.mul(tf.where(low, t, tf.sub(1, t)), tf.sub(b, a)), b);
  }
  // y clipped to [0, 1] first, where that changes nothing, so that no difference below meets ∞ − ∞
  const yc = tf.clipByValue(y, 0, 1);
  // min(yc, 1 − yc) exactly: yc − relu(2yc − 1), where 2yc − 1 = yc − (1 − yc) is exact from ½ up
  const s = tf.clipByValue(tf.sub(yc, tf.relu(tf.sub(yc, tf.sub(1, yc)))), EPS, 1);
  const a = tf.log(s);
  const u = tf.sub(1, s);
  const b = tf.mul(tf.log(u), tf.div(s, tf.sub(1, u)));
  // sign +1 below ½ and −1 from ½ up, and NaN for NaN: taken of y itself, it carries the NaN that wasm's
  // clip dropped into w = (1 − sign)/2 + sign·t, which is t or 1 − t exactly
  const sign = tf.step(tf.sub(0.5, y), -1);
  const w = tf.add(tf.sub(0.5, tf.mul(sign, 0.5)), tf.mul(sign, t));
  return tf.sub(tf.mul(w, tf.sub(b, a)), b);
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
