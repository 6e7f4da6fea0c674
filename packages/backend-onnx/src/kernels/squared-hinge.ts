import type { OnnxKernel } from '../kernel.js';
import { positivePart } from '../loss-graphs.js';
import { lossUpstream, reduceLoss } from '../losses.js';
import { hingeTargets, margin, marginSelect } from './hinge.js';

export const squaredHinge: OnnxKernel<'squaredHinge'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { reduction }) {
    const m = positivePart(b, margin(b, hingeTargets(b, yTrue), yPred));
    return reduceLoss(b, b.mul(m, m), reduction);
  },
  backward(b, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    const t = hingeTargets(b, yTrue);
    const m = margin(b, t, yPred);
    // (g·t·m)·(−2): 2m alone overflows float32 for margins above 1.7e38, 2t for labels above it
    return { yPred: marginSelect(b, m, b.mul(b.mul(b.mul(g, t), m), b.scalar(-2))) };
  },
};
