import { firstFloat32, float32Before } from '@rectify/core';
import { unaryKernel } from '../kernel.js';

/**
 * x > alpha, decided against the float64 alpha: for float32 x it is `x >= t` with t the first float32
 * above alpha (comparing with fround(alpha) gets e.g. x = fround(0.4) > 0.4 wrong, and f with it by 0.4).
 */
const firstAbove = (alpha: number) => firstFloat32((v) => v > alpha);

export const thresholdedRelu = unaryKernel<'thresholdedRelu'>(
  true,
  (b, x, { alpha }) =>
    b.dtype === 'float32'
      ? // ONNX ThresholdedRelu (float-only in ONNX Runtime) tests x > its alpha: the float32 just below t
        // makes that x >= t. It turns NaN into 0, so NaN is added back: Clip(x, 0, 0) is 0, or NaN for NaN
        // (Clip keeps NaN), two cheap passes where IsNaN and Where cost two slow ones
        b.add(
          b.op('ThresholdedRelu', [x], { alpha: { float: float32Before(firstAbove(alpha)) } }),
          b.op('Clip', [x, b.scalar(0), b.scalar(0)]),
        )
      : // NaN fails x <= alpha and is kept
        b.where(b.lessOrEqual(x, b.scalar(alpha)), b.scalar(0), x),
  // 0 at x = alpha
  (b, x, { alpha }) =>
    b.where(
      b.dtype === 'float32'
        ? b.greaterOrEqual(x, b.scalar(firstAbove(alpha)))
        : b.greater(x, b.scalar(alpha)),
      b.scalar(1),
      b.scalar(0),
    ),
);
