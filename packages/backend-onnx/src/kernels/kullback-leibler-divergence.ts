import type { OnnxKernel } from '../kernel.js';
import {
  clip,
  cutGradient,
  EPS,
  greaterThan,
  lanesOf,
  laneUpstream,
  lessThan,
  sumLanes,
} from '../loss-graphs.js';
import { reduceLoss } from '../losses.js';

export const kullbackLeiblerDivergence: OnnxKernel<'kullbackLeiblerDivergence'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { axis, reduction }, ctx) {
    const lanes = lanesOf(b, yPred, axis, ctx.ranks.yPred);
    // the clip keeps t > 0, so there is no 0·log 0 to settle; log(t/p) does not cancel as log t − log p would
    const t = clip(b, yTrue, EPS, 1);
    const terms = b.mul(t, b.log(b.div(t, clip(b, yPred, EPS, 1))));
    return reduceLoss(b, sumLanes(b, terms, lanes, false), reduction);
  },
  backward(b, { yTrue, yPred }, { axis, reduction }, upstream, ctx) {
    const lanes = lanesOf(b, yPred, axis, ctx.ranks.yPred);
    const t = clip(b, yTrue, EPS, 1);
    // the clip of yPred cuts the gradient outside [eps, 1]; NaN fails both tests and reaches −t/y
    const cut = b.or(lessThan(b, yPred, EPS), greaterThan(b, yPred, 1));
    const dy = cutGradient(b, cut, t, b.neg(b.div(t, yPred)));
    // any per-sample tensor with the axis kept counts the samples
    const kept = sumLanes(b, t, lanes, true);
    return { yPred: b.mul(laneUpstream(b, upstream, reduction, lanes, kept), dy) };
  },
};
