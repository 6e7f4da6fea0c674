import { finiteBelow } from '../helpers.js';
import { unaryKernel } from '../kernel.js';

// ONNX HardSwish (opset 14) is the catalog's x·min(max(0, x + 3), 6)/6, float only in ONNX Runtime; it
// gives −∞·0 = NaN at −∞, so −∞ is moved to −3.4e38 first, where it gives −0. float64 is piecewise, as
// core: 0 below −3, x·(x + 3)/6 in the middle, which NaN falls through to and stays NaN
export const hardSwish = unaryKernel<'hardSwish'>(
  true,
  (b, x) => {
    if (b.dtype === 'float32') return b.op('HardSwish', [finiteBelow(b, x)]);
    const low = b.less(x, b.scalar(-3));
    const middle = b.div(b.mul(x, b.add(x, b.scalar(3))), b.scalar(6));
    return b.where(low, b.scalar(0), b.where(b.greater(x, b.scalar(3)), x, middle));
  },
  // the middle branch at both kinks: −0.5 at x = −3, 1.5 at x = 3. (x + 1.5)/3 rather than x/3 + 0.5:
  // near x = −1.5 the cancellation is then the exact x + 1.5, not a sum with x/3's rounding error
  (b, x) =>
    b.where(
      b.less(x, b.scalar(-3)),
      b.scalar(0),
      b.where(b.lessOrEqual(x, b.scalar(3)), b.div(b.add(x, b.scalar(1.5)), b.scalar(3)), b.scalar(1)),
    ),
);
