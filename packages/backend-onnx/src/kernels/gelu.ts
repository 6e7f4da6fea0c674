import type { GraphBuilder, Value } from '../graph.js';
import { finiteBelow } from '../helpers.js';
import { unaryKernel } from '../kernel.js';
import { gated, normalCdf, normalPdf, sigmoid, sigmoidBell } from '../math.js';

const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π)
const KAPPA = 0.044715;

/** 2u = 2√(2/π)·x·(1 + 0.044715·x²), written so that it overflows only to ±∞ with x. */
function twiceTanhArgument(b: GraphBuilder, x: Value): Value {
  const inner = b.add(b.mul(b.mul(x, x), b.scalar(KAPPA)), b.scalar(1));
  return b.mul(b.mul(x, inner), b.scalar(2 * SQRT_2_OVER_PI));
}

// float32: ONNX Gelu (opset 20 matches the catalog), one node. Its CPU kernel is NaN at −∞, where the
// limit is 0: −∞ is moved to −3.4e38 first, where both forms give −0. It loses the far left tail in
// relative terms (5% off at x = −5 for 'none', 9% for 'tanh') where |gelu| < 1e-6: inside the float32
// tolerance's absolute part. float64 is composed (the kernel is float-only).
export const gelu = unaryKernel<'gelu'>(
  true,
  (b, x, { approximate }) =>
    b.dtype === 'float32'
      ? b.op('Gelu', [finiteBelow(b, x)], { approximate: { string: approximate } })
      : // 0.5·(1 + tanh(u)) is σ(2u): the same value without the cancellation of 1 + tanh(u) for u ≪ 0;
        // Φ comes from erfc, which stays accurate where 1 + erf(x/√2) cancels
        gated(b, x, approximate === 'tanh' ? sigmoid(b, twiceTanhArgument(b, x)) : normalCdf(b, x)),
  (b, x, { approximate }) => {
    if (approximate === 'tanh') {
      // PyTorch's 0.5(1 + tanh u) + 0.5x·(1 − tanh²u)·u'(x) with s = σ(2u): 1 + tanh u = 2s and
      // 1 − tanh²u = 4·s·σ(−2u), neither of which cancels
      const twoU = twiceTanhArgument(b, x);
      const s = sigmoid(b, twoU);
      const bell = sigmoidBell(b, twoU);
      // u'(x)/√(2/π) = 1 + 3·0.044715·x²
      const du = b.add(b.mul(b.mul(x, x), b.scalar(3 * KAPPA)), b.scalar(1));
      const term = b.mul(b.mul(b.mul(x, bell), du), b.scalar(2 * SQRT_2_OVER_PI));
      // bell is 0 for large |x|, where x² may have overflowed; the term's limit is 0
      return b.where(b.equal(bell, b.scalar(0)), s, b.add(s, term));
    }
    const cdf = normalCdf(b, x);
    const density = normalPdf(b, x);
    // x·φ(x) is ±∞·0 at ±∞; the limit is 0
    return b.where(b.equal(density, b.scalar(0)), cdf, b.add(cdf, b.mul(x, density)));
  },
);
