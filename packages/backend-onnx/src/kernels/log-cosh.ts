import { expm1 } from '../helpers.js';
import type { OnnxKernel } from '../kernel.js';
import { log1p } from '../loss-graphs.js';
import { lossUpstream, reduceLoss } from '../losses.js';

export const logCosh: OnnxKernel<'logCosh'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { reduction }) {
    const d = b.sub(yPred, yTrue);
    const a = b.abs(d);
    // |d| ≤ 1: cosh d = 1 + 2·sinh²(d/2) and log1p keep the tiny result exact; sinh from expm1 as the
    // reference does (ONNX Runtime has no double Sinh)
    const h = b.mul(d, b.scalar(0.5));
    const sinh = b.mul(b.sub(expm1(b, h), expm1(b, b.neg(h))), b.scalar(0.5));
    const near = log1p(b, b.mul(b.mul(sinh, sinh), b.scalar(2)));
    // |d| > 1: |d| − ln 2 + log1p(e^(−2|d|)) never exponentiates a positive number; NaN lands here
    const far = b.add(b.sub(a, b.scalar(Math.LN2)), log1p(b, b.exp(b.mul(a, b.scalar(-2)))));
    return reduceLoss(b, b.where(b.lessOrEqual(a, b.scalar(1)), near, far), reduction);
  },
  backward(b, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    return { yPred: b.mul(g, b.tanh(b.sub(yPred, yTrue))) };
  },
};
