import type { OnnxKernel } from '../kernel.js';
import { lossUpstream, reduceLoss } from '../losses.js';

export const meanSquaredError: OnnxKernel<'meanSquaredError'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { reduction }) {
    const d = b.sub(yPred, yTrue);
    return reduceLoss(b, b.mul(d, d), reduction);
  },
  backward(b, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    return { yPred: b.mul(g, b.mul(b.sub(yPred, yTrue), b.scalar(2))) };
  },
};
