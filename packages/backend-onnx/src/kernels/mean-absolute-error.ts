import type { OnnxKernel } from '../kernel.js';
import { lossUpstream, reduceLoss } from '../losses.js';

export const meanAbsoluteError: OnnxKernel<'meanAbsoluteError'> = {
  float64: true,
  forward: (b, { yTrue, yPred }, { reduction }) => reduceLoss(b, b.abs(b.sub(yPred, yTrue)), reduction),
  backward(b, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    // ONNX Sign is 0 at 0 (the kink's gradient) and keeps NaN
    return { yPred: b.mul(g, b.op('Sign', [b.sub(yPred, yTrue)])) };
  },
};
