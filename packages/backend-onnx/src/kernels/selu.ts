import { SELU_ALPHA, SELU_SCALE } from '@rectify/core';
import { expm1 } from '../helpers.js';
import { unaryKernel } from '../kernel.js';

// one product, as core forms it
const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

// ONNX Selu with both attributes set to the catalog's constants (its defaults are their float32
// roundings, but they are passed anyway); ONNX Runtime runs it in float only, so float64 composes
// λα·expm1(x), which keeps small negative x exact in relative terms and gives −λα at −∞
export const selu = unaryKernel<'selu'>(
  true,
  (b, x) =>
    b.dtype === 'float32'
      ? b.op('Selu', [x], { alpha: { float: SELU_ALPHA }, gamma: { float: SELU_SCALE } })
      : b.where(
          b.greater(x, b.scalar(0)),
          b.mul(x, b.scalar(SELU_SCALE)),
          b.mul(expm1(b, x), b.scalar(SCALE_ALPHA)),
        ),
  // λα at x = 0: the left branch
  (b, x) => b.where(b.greater(x, b.scalar(0)), b.scalar(SELU_SCALE), b.mul(b.exp(x), b.scalar(SCALE_ALPHA))),
);
