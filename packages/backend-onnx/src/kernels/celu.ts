import { expm1 } from '../helpers.js';
import { unaryKernel } from '../kernel.js';

// ONNX Celu (opset 12) is the catalog's max(0, x) + min(0, alpha·(exp(x/alpha) − 1)), float only in ONNX
// Runtime, and keeps NaN (node and web). float64 composes alpha·expm1(x/alpha) for
// x ≤ 0, the same function for either sign of alpha, with expm1's precision near 0
export const celu = unaryKernel<'celu'>(
  true,
  (b, x, { alpha }) =>
    b.dtype === 'float32'
      ? b.op('Celu', [x], { alpha: { float: alpha } })
      : b.where(b.greater(x, b.scalar(0)), x, b.mul(expm1(b, b.div(x, b.scalar(alpha))), b.scalar(alpha))),
  // 1 at x = 0 (the left branch, e⁰)
  (b, x, { alpha }) => b.where(b.greater(x, b.scalar(0)), b.scalar(1), b.exp(b.div(x, b.scalar(alpha)))),
);
