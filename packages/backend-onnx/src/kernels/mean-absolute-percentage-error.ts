import type { OnnxKernel } from '../kernel.js';
import { EPS, finite } from '../loss-graphs.js';
import { lossUpstream, reduceLoss } from '../losses.js';

export const meanAbsolutePercentageError: OnnxKernel<'meanAbsolutePercentageError'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { reduction }) {
    // Max keeps NaN
    const den = b.max(b.abs(yTrue), b.scalar(EPS));
    const diff = b.sub(yTrue, yPred);
    // t − y overflows only for huge values of opposite signs, where t/den − y/den loses nothing
    const scaled = b.sub(b.div(yTrue, den), b.div(yPred, den));
    // divide before scaling by 100, so that nothing overflows unless the result does
    const ratio = b.abs(b.where(b.op('IsInf', [diff]), scaled, b.div(diff, den)));
    // |t − y|/|t| → 1 as |t| → ∞ for finite y, where the formula gives ∞/∞
    const atInfinity = b.where(finite(b, yPred), b.scalar(1), b.scalar(Number.NaN));
    const losses = b.mul(b.where(b.op('IsInf', [yTrue]), atInfinity, ratio), b.scalar(100));
    return reduceLoss(b, losses, reduction);
  },
  backward(b, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    const den = b.max(b.abs(yTrue), b.scalar(EPS));
    // Sign is 0 at the kink and keeps NaN
    const d = b.div(b.mul(b.op('Sign', [b.sub(yPred, yTrue)]), b.scalar(100)), den);
    return { yPred: b.mul(g, d) };
  },
};
