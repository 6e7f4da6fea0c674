import { unaryKernel } from '../kernel.js';

// ONNX Softsign is accurate but float-only (float64 divides itself) and gives NaN at ±∞ (∞/∞), where
// the limit is ±1, which Sign gives
export const softsign = unaryKernel<'softsign'>(
  true,
  (b, x) => {
    const y = b.dtype === 'float32' ? b.op('Softsign', [x]) : b.div(x, b.add(b.abs(x), b.scalar(1)));
    return b.where(b.equal(b.abs(x), b.scalar(Number.POSITIVE_INFINITY)), b.op('Sign', [x]), y);
  },
  (b, x) => {
    // squaring the reciprocal (not the denominator) underflows gently instead of overflowing to ∞
    const r = b.div(b.scalar(1), b.add(b.abs(x), b.scalar(1)));
    return b.mul(r, r);
  },
);
