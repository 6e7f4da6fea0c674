import type { GraphBuilder, Value } from '../graph.js';
import type { OnnxKernel } from '../kernel.js';
import { cutGradient, EPS, lessThan, log1p, nanLike } from '../loss-graphs.js';
import { lossUpstream, reduceLoss } from '../losses.js';

/**
 * log1p(max(yPred, eps)) − log1p(max(yTrue, eps)) without the cancellation of two logs: log1p(r) with
 * r = (p − t)/(1 + t) where r > −0.5, else log((1 + p)/(1 + t)) (no cancellation there, and −∞ for t = +∞).
 */
function logRatio(b: GraphBuilder, yTrue: Value, yPred: Value): Value {
  // Max keeps NaN
  const p = b.max(yPred, b.scalar(EPS));
  const t = b.max(yTrue, b.scalar(EPS));
  const onePlusT = b.add(t, b.scalar(1));
  const r = b.div(b.sub(p, t), onePlusT);
  const ratio = b.log(b.div(b.add(p, b.scalar(1)), onePlusT));
  return b.where(b.greater(r, b.scalar(-0.5)), log1p(b, r), ratio);
}

export const meanSquaredLogarithmicError: OnnxKernel<'meanSquaredLogarithmicError'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { reduction }) {
    const d = logRatio(b, yTrue, yPred);
    return reduceLoss(b, b.mul(d, d), reduction);
  },
  backward(b, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    const formula = b.div(b.mul(logRatio(b, yTrue, yPred), b.scalar(2)), b.add(yPred, b.scalar(1)));
    // 2·log(1 + y)/(1 + y) → 0 as y → +∞, where the formula gives ∞/∞ (NaN still for t = +∞ or NaN)
    const undefinedAtInfinity = b.or(b.isNaN(yTrue), b.equal(yTrue, b.scalar(Number.POSITIVE_INFINITY)));
    const atInfinity = b.where(undefinedAtInfinity, nanLike(b, yPred), b.scalar(0));
    const unclipped = b.where(b.equal(yPred, b.scalar(Number.POSITIVE_INFINITY)), atInfinity, formula);
    // below the clip the loss is flat in yPred; NaN fails the test and reaches the formula
    return { yPred: b.mul(g, cutGradient(b, lessThan(b, yPred, EPS), yTrue, unclipped)) };
  },
};
