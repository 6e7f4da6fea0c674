import { unaryKernel } from '../kernel.js';

// ONNX Relu takes double in ONNX Runtime and keeps NaN (node and web; the suite's NaN cases check it).
// The gradient is explicit for the kink convention (0 at x = 0)
export const relu = unaryKernel<'relu'>(
  true,
  (b, x) => b.op('Relu', [x]),
  (b, x) => b.where(b.greater(x, b.scalar(0)), b.scalar(1), b.scalar(0)),
);
