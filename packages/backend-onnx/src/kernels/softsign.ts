import { unaryKernel } from '../kernel.js';

/**
 * Beyond ±2³², softsign(x) = 1 − 1/(1 + |x|) rounds to ±1 in float32, and ONNX Runtime's kernel gives
 * exactly ±1 there (at ±3.4e38 its reciprocal is subnormal and it gives ±0.99999994).
 */
const SATURATED = 2 ** 32;

// ONNX Softsign is accurate but float-only (float64 divides itself) and gives NaN at ±∞ (∞/∞), where
// the limit is ±1. float32 clips x to ±2³² first (NaN kept), which changes no result and costs a fraction
// of the Abs, Equal, Sign and Where of a select; float64 takes the select
export const softsign = unaryKernel<'softsign'>(
  true,
  (b, x) => {
    if (b.dtype === 'float32')
      return b.op('Softsign', [b.op('Clip', [x, b.scalar(-SATURATED), b.scalar(SATURATED)])]);
    const y = b.div(x, b.add(b.abs(x), b.scalar(1)));
    return b.where(b.equal(b.abs(x), b.scalar(Number.POSITIVE_INFINITY)), b.op('Sign', [x]), y);
  },
  (b, x) => {
    // squaring the reciprocal (not the denominator) underflows gently instead of overflowing to ∞
    const r = b.div(b.scalar(1), b.add(b.abs(x), b.scalar(1)));
    return b.mul(r, r);
  },
);
