import type { OnnxKernel } from '../kernel.js';
import { atMost } from '../loss-graphs.js';
import { lossUpstream, reduceLoss } from '../losses.js';

export const huber: OnnxKernel<'huber'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { delta, reduction }) {
    const d = b.sub(yPred, yTrue);
    const a = b.abs(d);
    const quadratic = b.mul(b.mul(d, d), b.scalar(0.5));
    // d overflows only for huge values of opposite signs; delta·|d| may still be finite (delta < 1),
    // and |delta·y − delta·t| has no cancellation there
    const deltaD = b.abs(b.sub(b.mul(yPred, b.scalar(delta)), b.mul(yTrue, b.scalar(delta))));
    const scaled = b.sub(deltaD, b.scalar(0.5 * delta * delta));
    const plain = b.mul(b.sub(a, b.scalar(0.5 * delta)), b.scalar(delta));
    const linear = b.where(b.op('IsInf', [d]), scaled, plain);
    // NaN fails the test and takes the linear branch, which keeps it NaN
    return reduceLoss(b, b.where(atMost(b, a, delta), quadratic, linear), reduction);
  },
  backward(b, { yTrue, yPred }, { delta, reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    const d = b.sub(yPred, yTrue);
    // Sign keeps NaN
    const outside = b.mul(b.op('Sign', [d]), b.scalar(delta));
    return { yPred: b.mul(g, b.where(atMost(b, b.abs(d), delta), d, outside)) };
  },
};
