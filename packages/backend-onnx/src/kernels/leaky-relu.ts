import { unaryKernel } from '../kernel.js';

// ONNX LeakyRelu matches the catalog (alpha passed explicitly); ONNX Runtime's CPU kernel is float-only,
// so float64 graphs (and alpha 0, where 0·(−∞) would be NaN) select between x and alpha·x instead
export const leakyRelu = unaryKernel<'leakyRelu'>(
  true,
  (b, x, { alpha }) =>
    b.dtype === 'float32' && alpha !== 0
      ? b.op('LeakyRelu', [x], { alpha: { float: alpha } })
      : b.where(
          b.greater(x, b.scalar(0)),
          x,
          alpha === 0 ? b.keepNaN(x, b.fill(x, 0)) : b.mul(x, b.scalar(alpha)),
        ),
  (b, x, { alpha }) => b.where(b.greater(x, b.scalar(0)), b.fill(x, 1), b.fill(x, alpha)),
);
