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
    // g·(y − t) first: 2·(y − t) alone overflows float32 where the scaled gradient does not
    return { yPred: b.mul(b.mul(g, b.sub(yPred, yTrue)), b.scalar(2)) };
  },
};
