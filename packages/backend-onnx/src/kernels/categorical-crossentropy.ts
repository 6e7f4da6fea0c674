import type { GraphBuilder, Value } from '../graph.js';
import type { OnnxKernel } from '../kernel.js';
import {
  crossentropy,
  crossentropyGrad,
  type Lanes,
  laneLength,
  lanesOf,
  laneUpstream,
} from '../loss-graphs.js';
import { reduceLoss } from '../losses.js';

/** Smoothed targets t = yTrue·(1 − ls) + ls/C, C the lane length (yTrue itself for ls = 0). */
function targets(b: GraphBuilder, yTrue: Value, ls: number, lanes: Lanes): Value {
  if (ls === 0) return yTrue;
  const share = b.div(b.scalar(ls), laneLength(b, yTrue, lanes));
  return b.add(b.mul(yTrue, b.scalar(1 - ls)), share);
}

export const categoricalCrossentropy: OnnxKernel<'categoricalCrossentropy'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { fromLogits, labelSmoothing, axis, reduction }, ctx) {
    const lanes = lanesOf(b, yPred, axis, ctx.ranks.yPred);
    const t = targets(b, yTrue, labelSmoothing, lanes);
    return reduceLoss(b, crossentropy(b, t, yPred, lanes, fromLogits), reduction);
  },
  backward(b, { yTrue, yPred }, { fromLogits, labelSmoothing, axis, reduction }, upstream, ctx) {
    const lanes = lanesOf(b, yPred, axis, ctx.ranks.yPred);
    const t = targets(b, yTrue, labelSmoothing, lanes);
    const { dy, kept } = crossentropyGrad(b, t, yPred, lanes, fromLogits);
    return { yPred: b.mul(laneUpstream(b, upstream, reduction, lanes, kept), dy) };
  },
};
