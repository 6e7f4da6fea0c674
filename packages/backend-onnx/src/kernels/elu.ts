import { expm1 } from '../helpers.js';
import { unaryKernel } from '../kernel.js';

// ONNX Elu matches the catalog but ONNX Runtime runs it in float only; float64 composes
// alpha·expm1(x) (exp(x) − 1 would lose the relative precision of small negative x), −alpha at −∞
export const elu = unaryKernel<'elu'>(
  true,
  (b, x, { alpha }) =>
    b.dtype === 'float32'
      ? b.op('Elu', [x], { alpha: { float: alpha } })
      : b.where(b.greater(x, b.scalar(0)), x, b.mul(expm1(b, x), b.scalar(alpha))),
  // alpha at x = 0: the left branch
  (b, x, { alpha }) => b.where(b.greater(x, b.scalar(0)), b.scalar(1), b.mul(b.exp(x), b.scalar(alpha))),
);
