import type { GraphBuilder, Value } from '../graph.js';
import type { OnnxKernel } from '../kernel.js';
import { EPS, finite } from '../loss-graphs.js';
import { lossUpstream, reduceLoss } from '../losses.js';

/** How far float32's eps is from 1e-7. */
const EPS_ERROR = EPS - Math.fround(EPS);

/**
 * log(yPred + eps). float64 rounds the sum as the reference does. In float32, fl(1 + 1e-7) is 1 + 1.19e-7,
 * which moves the log by 20% of itself and the loss by t times that; the sum's exact rounding error e
 * (TwoSum), plus eps's own, corrects it: log(s + e) = log(s) + e/s far below float32 precision, e/s
 * being below 2^-24.
 */
function logShifted(b: GraphBuilder, y: Value): Value {
  const eps = b.scalar(EPS);
  const s = b.add(y, eps);
  if (b.dtype === 'float64') return b.log(s);
  const yPart = b.sub(s, eps);
  const twoSum = b.add(b.sub(y, yPart), b.sub(eps, b.sub(s, yPart)));
  const e = b.add(twoSum, b.scalar(EPS_ERROR));
  // an infinite or NaN s leaves e NaN: the plain log is the answer there
  return b.where(finite(b, s), b.add(b.log(s), b.div(e, s)), b.log(s));
}

export const poisson: OnnxKernel<'poisson'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { reduction }) {
    const l = logShifted(b, yPred);
    // where the log is −∞, a zero count contributes nothing (0·∞ = 0)
    const skip = b.and(b.equal(yTrue, b.scalar(0)), b.equal(l, b.scalar(Number.NEGATIVE_INFINITY)));
    const formula = b.sub(yPred, b.where(skip, b.scalar(0), b.mul(yTrue, l)));
    // the rate term grows faster than the log: +∞ at yPred = +∞ for any finite count, not ∞ − ∞
    const atInfinity = b.where(finite(b, yTrue), yPred, b.scalar(Number.NaN));
    const losses = b.where(b.equal(yPred, b.scalar(Number.POSITIVE_INFINITY)), atInfinity, formula);
    return reduceLoss(b, losses, reduction);
  },
  backward(b, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    return { yPred: b.mul(g, b.sub(b.scalar(1), b.div(yTrue, b.add(yPred, b.scalar(EPS))))) };
  },
};
