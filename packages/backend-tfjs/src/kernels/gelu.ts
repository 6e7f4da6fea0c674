import type { Tf, TfTensor } from '../kernel.js';
import { unaryKernel } from '../kernel.js';

const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π)
const KAPPA = 0.044715;
const SQRT1_2 = Math.SQRT1_2;
const ONE_OVER_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/**
 * The erfc approximation of Numerical Recipes (erfcc, Chebyshev fit, fractional error below 1.2e-7 for
 * every z ≥ 0): erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2). These are the coefficients of P, highest
 * power first.
 */
const ERFC_P = [
  0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196,
  1.00002368, -1.26551223,
] as const;

/**
 * |x| capped at 20, beyond which Φ(−|x|) and φ(x) are 0 in float32 anyway (e^(−200) underflows): ±∞ then
 * need no special case. tf.minimum keeps NaN on cpu and wasm.
 */
function magnitude(tf: Tf, x: TfTensor): TfTensor {
  return tf.minimum(tf.abs(x), 20);
}

/**
 * scale·e^(c − a²/2) for 0 ≤ a ≤ 20, to a few ulps: rounding a² in float32 would be an error of
 * a²·6e-8 relative in the result (19 ulps at a = 5.8). With hi = a rounded to 1/16, hi² is exact and
 * a² − hi² = (a − hi)(a + hi) is small and accurate. The tiny factor e^(−hi²/2) comes last, so that a
 * result near the underflow threshold is rounded only once.
 */
function scaledExpNegHalfSquare(
  tf: Tf,
  a: TfTensor,
  c: TfTensor | number,
  scale: TfTensor | number,
): TfTensor {
  const hi = tf.div(tf.round(tf.mul(a, 16)), 16);
  const lo = tf.mul(tf.mul(tf.sub(a, hi), tf.add(a, hi)), 0.5);
  return tf.mul(tf.mul(tf.exp(tf.sub(c, lo)), scale), tf.exp(tf.mul(tf.square(hi), -0.5)));
}

/**
 * Φ(x), the standard normal CDF, with relative accuracy also in the far left tail. Not from tf.erf:
 * on cpu that is Abramowitz–Stegun 7.1.26 (absolute error 1.7e-7, 4e-5 relative near 0, e.g.
 * erf(1e-30) = 1e-9), and 1 + erf(x/√2) cancels for x ≪ 0 on any backend. Φ(−|x|) = erfc(|x|/√2)/2
 * is a product of positive factors, with e^(−x²/2) taken of x itself; Φ(|x|) = 1 − Φ(−|x|).
 */
function normalCdf(tf: Tf, x: TfTensor): TfTensor {
  const a = magnitude(tf, x);
  const t = tf.reciprocal(tf.add(tf.mul(a, 0.5 * SQRT1_2), 1));
  let p: TfTensor = tf.fill(x.shape, ERFC_P[0]);
  for (const c of ERFC_P.slice(1)) p = tf.add(tf.mul(p, t), c);
  // erfc(z)/2 = (t/2)·e^(P(t))·e^(−x²/2); NaN stays NaN
  const lower = scaledExpNegHalfSquare(tf, a, p, tf.mul(t, 0.5));
  return tf.where(tf.greater(x, 0), tf.sub(1, lower), lower);
}

/** φ(x) = e^(−x²/2)/√(2π), the standard normal density; 0 at ±∞. */
function normalPdf(tf: Tf, x: TfTensor): TfTensor {
  return scaledExpNegHalfSquare(tf, magnitude(tf, x), 0, ONE_OVER_SQRT_2PI);
}

/** u = √(2/π)·(x + 0.044715·x³), written as x·(1 + 0.044715·x²) so that it overflows only to ±∞ with x. */
function tanhArgument(tf: Tf, x: TfTensor): TfTensor {
  return tf.mul(tf.mul(x, tf.add(tf.mul(tf.square(x), KAPPA), 1)), SQRT_2_OVER_PI);
}

/** x·gate, with the limit 0 where the gate is 0 (x = −∞ gives −∞·0 otherwise). */
function gated(tf: Tf, x: TfTensor, gate: TfTensor): TfTensor {
  return tf.where(tf.equal(gate, 0), tf.zerosLike(x), tf.mul(x, gate));
}

// tf has no gelu op; composed for both forms
export const gelu = unaryKernel<'gelu'>(
  (tf, x, { approximate }) =>
    // 0.5·(1 + tanh(u)) is σ(2u): the same value without the cancellation of 1 + tanh(u) for u ≪ 0
    gated(tf, x, approximate === 'tanh' ? tf.sigmoid(tf.mul(tanhArgument(tf, x), 2)) : normalCdf(tf, x)),
  (tf, x, { approximate }) => {
    if (approximate === 'tanh') {
      // PyTorch's 0.5(1 + tanh u) + 0.5x·(1 − tanh²u)·u'(x) with s = σ(2u): 1 + tanh u = 2s and
      // 1 − tanh²u = 4·s·σ(−2u), neither of which cancels
      const twoU = tf.mul(tanhArgument(tf, x), 2);
      const s = tf.sigmoid(twoU);
      const bell = tf.mul(s, tf.sigmoid(tf.neg(twoU)));
      // u'(x)/√(2/π) = 1 + 3·0.044715·x²
      const du = tf.add(tf.mul(tf.square(x), 3 * KAPPA), 1);
      const term = tf.mul(tf.mul(tf.mul(x, bell), du), 2 * SQRT_2_OVER_PI);
      // bell is 0 for large |x|, where x² may have overflowed; the term's limit is 0
      return tf.where(tf.equal(bell, 0), s, tf.add(s, term));
    }
    const cdf = normalCdf(tf, x);
    const density = normalPdf(tf, x);
    // x·φ(x) is ±∞·0 at ±∞; the limit is 0
    return tf.where(tf.equal(density, 0), cdf, tf.add(cdf, tf.mul(x, density)));
  },
);
