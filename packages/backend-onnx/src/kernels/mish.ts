import type { GraphBuilder, Value } from '../graph.js';
import { finiteBelow } from '../helpers.js';
import { unaryKernel } from '../kernel.js';
import { gated, sigmoid } from '../math.js';

/**
 * t = tanh(softplus(x)) and 1 − t, both without cancellation or overflow, from e = e^(−|x|) ≤ 1, as
 * core does: tanh(log(1 + n)) = n(n + 2)/(n(n + 2) + 2) with n = e^x; for x > 0 the same fraction in
 * m = e^(−x) is (1 + 2m)/(1 + 2m + 2m²). 1 − t comes from the same fraction, not by subtraction.
 */
function tanhSoftplus(b: GraphBuilder, x: Value): { readonly t: Value; readonly oneMinusT: Value } {
  const e = b.exp(b.neg(b.abs(x)));
  const twoE = b.mul(e, b.scalar(2));
  const one = b.scalar(1);
  // x > 0
  const twoE2 = b.mul(twoE, e);
  const den = b.add(b.add(twoE, one), twoE2);
  const tPos = b.div(b.add(twoE, one), den);
  const oneMinusTPos = b.div(twoE2, den);
  // x ≤ 0 (and NaN, which the NaN e carries through)
  const q = b.mul(e, b.add(e, b.scalar(2)));
  const qPlus2 = b.add(q, b.scalar(2));
  const tNeg = b.div(q, qPlus2);
  const oneMinusTNeg = b.div(b.scalar(2), qPlus2);
  const positive = b.greater(x, b.scalar(0));
  return { t: b.where(positive, tPos, tNeg), oneMinusT: b.where(positive, oneMinusTPos, oneMinusTNeg) };
}

// ONNX Runtime's Mish is accurate (3.4e-7 relative) but float-only and NaN at −∞ (−∞·0), where the
// limit is 0: −∞ is moved to −3.4e38 first, where it gives −0. float64 composes it
export const mish = unaryKernel<'mish'>(
  true,
  (b, x) =>
    b.dtype === 'float32'
      ? b.op('Mish', [finiteBelow(b, x)])
      : // at −∞, x·t is −∞·0; the limit is 0 (t decays like e^x)
        gated(b, x, tanhSoftplus(b, x).t),
  (b, x) => {
    const { t, oneMinusT } = tanhSoftplus(b, x);
    // d/dx tanh(softplus(x)) = (1 − t²)·σ(x); x times it tends to 0 at ±∞ (∞·0 otherwise)
    const gate = b.mul(b.mul(oneMinusT, b.add(t, b.scalar(1))), sigmoid(b, x));
    return b.where(b.equal(gate, b.scalar(0)), t, b.add(t, b.mul(x, gate)));
  },
);
