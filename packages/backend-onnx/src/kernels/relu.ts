import { unaryKernel } from '../kernel.js';

// ONNX Relu takes double in ONNX Runtime; it keeps NaN on CPU, but NaN is put back in case a runtime's
// max(0, x) drops it. The gradient is explicit for the kink convention (0 at x = 0)
export const relu = unaryKernel<'relu'>(
  true,
  (b, x) => b.keepNaN(x, b.op('Relu', [x])),
  (b, x) => b.where(b.greater(x, b.scalar(0)), b.scalar(1), b.scalar(0)),
);
