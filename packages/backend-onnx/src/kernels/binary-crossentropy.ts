import type { GraphBuilder, Value } from '../graph.js';
import type { OnnxKernel } from '../kernel.js';
import { EPS, lessThan, log1p, sigmoid } from '../loss-graphs.js';
import { lossUpstream, reduceLoss } from '../losses.js';

/**
 * The upper clip bound on q = 1 − yPred: 1 − (1 − eps) in float64, so that `q < EPS_HIGH` is exactly
 * the reference's `yPred > 1 − eps` (1 − yPred is exact for yPred ≥ 0.5, Sterbenz) and log(q) its
 * log1p(−(1 − eps)).
 */
const EPS_HIGH = 1 - (1 - EPS);

/** Smoothed targets t = yTrue·(1 − ls) + 0.5·ls (yTrue itself for ls = 0). */
function targets(b: GraphBuilder, yTrue: Value, ls: number): Value {
  return ls === 0 ? yTrue : b.add(b.mul(yTrue, b.scalar(1 - ls)), b.scalar(0.5 * ls));
}

/**
 * −(t·log p + (1 − t)·log(1 − p)) with p = clip(y, eps, 1 − eps). In float32 1 − 1e-7 rounds to
 * 0.99999988, so the upper side is taken from q = 1 − y (exact for y ≥ 0.5) clipped at EPS_HIGH:
 * below 0.5 log p = log(p), log(1 − p) = log1p(−p); above, log p = log1p(−q), log(1 − p) = log(q).
 */
function probabilityLoss(b: GraphBuilder, t: Value, y: Value): Value {
  const low = b.less(y, b.scalar(0.5));
  // Max keeps NaN; NaN takes the upper side and stays NaN
  const p = b.max(y, b.scalar(EPS));
  const q = b.max(b.sub(b.scalar(1), y), b.scalar(EPS_HIGH));
  const logP = b.where(low, b.log(p), log1p(b, b.neg(q)));
  const logNotP = b.where(low, log1p(b, b.neg(p)), b.log(q));
  return b.neg(b.add(b.mul(t, logP), b.mul(b.sub(b.scalar(1), t), logNotP)));
}

/** max(z, 0) − z·t + log(1 + e^(−|z|)), as |z|·c with c = 1 − t (z ≥ 0) or t (z < 0): no cancellation. */
function logitLoss(b: GraphBuilder, t: Value, z: Value): Value {
  const absZ = b.abs(z);
  const c = b.where(b.greaterOrEqual(z, b.scalar(0)), b.sub(b.scalar(1), t), t);
  // a vanishing coefficient gives 0 also at z = ±∞ (0·∞ = 0: the limit, not ∞ − ∞); a NaN z still
  // reaches the log1p term, which keeps it
  const linear = b.where(b.equal(c, b.scalar(0)), b.scalar(0), b.mul(absZ, c));
  return b.add(linear, log1p(b, b.exp(b.neg(absZ))));
}

export const binaryCrossentropy: OnnxKernel<'binaryCrossentropy'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { fromLogits, labelSmoothing, reduction }) {
    const t = targets(b, yTrue, labelSmoothing);
    return reduceLoss(b, fromLogits ? logitLoss(b, t, yPred) : probabilityLoss(b, t, yPred), reduction);
  },
  backward(b, { yTrue, yPred }, { fromLogits, labelSmoothing, reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    const t = targets(b, yTrue, labelSmoothing);
    // sigmoid(±∞) is exactly 1 or 0, so ±∞ need no special case
    if (fromLogits) return { yPred: b.mul(g, b.sub(sigmoid(b, yPred), t)) };
    // the clip cuts the gradient outside [eps, 1 − eps]; y > 1 − eps is tested as 1 − y < EPS_HIGH (exact)
    const q = b.sub(b.scalar(1), yPred);
    const cut = b.or(lessThan(b, yPred, EPS), lessThan(b, q, EPS_HIGH));
    // the upstream before the division: (y − t)/(y·q) may overflow where g·(y − t)/(y·q) does not (g = 0)
    const inside = b.div(b.mul(g, b.sub(yPred, t)), b.mul(yPred, q));
    // a clipped element passes no gradient, but a NaN target still makes it NaN
    const clipped = b.mul(g, b.where(b.isNaN(t), t, b.scalar(0)));
    return { yPred: b.where(cut, clipped, inside) };
  },
};
