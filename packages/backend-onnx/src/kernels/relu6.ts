import { unaryKernel } from '../kernel.js';

// ONNX has no Relu6: it is Clip(x, 0, 6), which takes double and keeps NaN in ONNX Runtime (node and web;
// the suite's NaN cases check it)
export const relu6 = unaryKernel<'relu6'>(
  true,
  (b, x) => b.op('Clip', [x, b.scalar(0), b.scalar(6)]),
  // 1 only on 0 < x < 6: 0 at both kinks, as in PyTorch
  (b, x) => b.where(b.and(b.greater(x, b.scalar(0)), b.less(x, b.scalar(6))), b.scalar(1), b.scalar(0)),
);
