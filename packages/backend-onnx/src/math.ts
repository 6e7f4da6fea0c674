import type { GraphBuilder, Value } from './graph.js';

/**
 * Graph building blocks for the smooth activations, from operators ONNX Runtime's CPU kernels run in
 * float32 and float64 alike (Exp, Log, Abs, Round, arithmetic, comparisons, Where). Each keeps relative
 * accuracy where the textbook formula loses it, as core's numerics do: ONNX has no Log1p, and Erf,
 * Softplus and Mish have float-only CPU kernels, while Sigmoid is inaccurate in its left tail.
 */

const SQRT1_2 = Math.SQRT1_2;
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π
const ONE_OVER_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/** Coefficients of a polynomial, highest power first. */
type Coefficients = readonly number[];

/** The polynomial `coefficients` at `t` by Horner's scheme. */
function horner(b: GraphBuilder, t: Value, coefficients: Coefficients): Value {
  let acc = b.scalar(coefficients[0]!);
  for (const c of coefficients.slice(1)) acc = b.add(b.mul(acc, t), b.scalar(c));
  return acc;
}

/** `p(t)/q(t)`. */
function rational(b: GraphBuilder, t: Value, p: Coefficients, q: Coefficients): Value {
  return b.div(horner(b, t, p), horner(b, t, q));
}

/** `where(cond, 0, x)`, shaped like `cond` and `x` broadcast. */
export function zeroWhere(b: GraphBuilder, cond: Value, x: Value): Value {
  return b.where(cond, b.scalar(0), x);
}

/**
 * log(1 + u) for u ≥ 0, accurate also for tiny u (ONNX has no Log1p, and log(1 + u) drops every digit
 * of u below the precision's epsilon). Kahan's form log(w)·u/(w − 1) with w = 1 + u cancels the
 * rounding of w; where w rounds to 1, log1p(u) is u. NaN stays NaN; u must not be +∞.
 */
export function log1p(b: GraphBuilder, u: Value): Value {
  const w = b.add(u, b.scalar(1));
  const wMinus1 = b.sub(w, b.scalar(1));
  return b.where(b.equal(wMinus1, b.scalar(0)), u, b.mul(b.log(w), b.div(u, wMinus1)));
}

/**
 * The pieces of σ(x) = 1/(1 + e^(−x)) from e = e^(−|x|) ≤ 1, so exp never overflows: r = 1/(1 + e) is
 * σ(|x|) and e·r is σ(−|x|). ONNX Runtime's Sigmoid is not used: its float32 kernel loses the left
 * tail (6% off at x = −13.7, 0 below −17), its float64 one is off by 1e-10 relative at x = −13.6.
 */
function sigmoidParts(b: GraphBuilder, x: Value): { readonly e: Value; readonly r: Value } {
  const e = b.exp(b.neg(b.abs(x)));
  return { e, r: b.div(b.scalar(1), b.add(e, b.scalar(1))) };
}

/** σ(x) with relative accuracy in both tails; σ(−∞) = 0, σ(+∞) = 1, NaN stays NaN. */
export function sigmoid(b: GraphBuilder, x: Value): Value {
  const { e, r } = sigmoidParts(b, x);
  return b.where(b.greaterOrEqual(x, b.scalar(0)), r, b.mul(e, r));
}

/** σ(x)·σ(−x) = e/(1 + e)² with e = e^(−|x|): no cancellation of 1 − σ; 0 at ±∞. */
export function sigmoidBell(b: GraphBuilder, x: Value): Value {
  const { e, r } = sigmoidParts(b, x);
  return b.mul(b.mul(e, r), r);
}

/**
 * log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)): exp is only taken of non-positive numbers, so nothing
 * overflows; +∞ gives +∞, −∞ gives 0 and NaN stays NaN (through the exp).
 */
export function softplus(b: GraphBuilder, x: Value): Value {
  return b.add(b.max(x, b.scalar(0)), log1p(b, b.exp(b.neg(b.abs(x)))));
}

/** `x·gate`, with the limit 0 where the gate is 0 (x = −∞ gives −∞·0 = NaN otherwise). */
export function gated(b: GraphBuilder, x: Value, gate: Value): Value {
  return zeroWhere(b, b.equal(gate, b.scalar(0)), b.mul(x, gate));
}

/**
 * |x| capped at 40, where Φ(−|x|) and φ(x) have long underflowed in float64 (e^(−800)): ±∞ and huge
 * values then need no special case. A select, not Min, so that NaN stays NaN.
 */
function magnitude(b: GraphBuilder, x: Value): Value {
  const a = b.abs(x);
  return b.where(b.greater(a, b.scalar(40)), b.scalar(40), a);
}

/**
 * scale·e^(−a²/2) for 0 ≤ a ≤ 40, to a few ulps: rounding a² would be an error of a²·ε relative in the
 * result (1e-13 at a = 27 in float64). With hi = a rounded to 1/16, hi² is exact (also in float32) and
 * a² − hi² = (a − hi)(a + hi) is small and accurate. The tiny factor e^(−hi²/2) comes last, so that a
 * result near the underflow threshold is rounded only once.
 */
function scaledExpNegHalfSquare(b: GraphBuilder, a: Value, scale: Value): Value {
  const hi = b.div(b.op('Round', [b.mul(a, b.scalar(16))]), b.scalar(16));
  const lo = b.mul(b.sub(a, hi), b.add(a, hi));
  const near = b.mul(scale, b.exp(b.mul(lo, b.scalar(-0.5))));
  return b.mul(near, b.exp(b.mul(b.mul(hi, hi), b.scalar(-0.5))));
}

// W. J. Cody, Rational Chebyshev approximations for the error function, Math. Comp. 23 (1969), as in
// netlib's specfun CALERF: relative errors below 1e-16 in each interval.
/** erf(t) = t·P(t²)/Q(t²) for |t| ≤ 0.46875. */
const ERF_P = [
  0.18577770618460315, 3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694,
];
const ERF_Q = [1, 23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
/** erfc(z) = e^(−z²)·P(z)/Q(z) for 0.46875 ≤ z ≤ 4. */
const ERFC_MID_P = [
  2.1531153547440383e-8, 0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001,
  881.952221241769, 1712.0476126340707, 2051.0783778260716, 1230.3393547979972,
];
const ERFC_MID_Q = [
  1, 15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
/** erfc(z) = e^(−z²)·(1/√π − w·P(w)/Q(w))/z with w = 1/z², for z > 4. */
const ERFC_TAIL_P = [
  0.016315387137302097, 0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  0.0006587491615298378,
];
const ERFC_TAIL_Q = [
  1, 2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
];
const ERF_SMALL = 0.46875;

/**
 * e^(z²)·erfc(z) for z ≥ 0.46875 (finite), the slowly varying factor of erfc: rounding z barely moves
 * it, so the exponential can be taken of the caller's own argument.
 */
function erfcx(b: GraphBuilder, z: Value): Value {
  const mid = rational(b, z, ERFC_MID_P, ERFC_MID_Q);
  const w = b.div(b.scalar(1), b.mul(z, z));
  const tail = b.div(
    b.sub(b.scalar(ONE_OVER_SQRT_PI), b.mul(w, rational(b, w, ERFC_TAIL_P, ERFC_TAIL_Q))),
    z,
  );
  return b.where(b.lessOrEqual(z, b.scalar(4)), mid, tail);
}

/**
 * Φ(x), the standard normal CDF, with relative accuracy in the far left tail (not from Erf: ONNX
 * Runtime's is float-only, and 1 + erf(x/√2) cancels for x ≪ 0). Near 0, Φ = 1/2 + erf(x/√2)/2 with
 * |erf| < 1/2; beyond, Φ(−|x|) = erfcx(|x|/√2)·e^(−x²/2)/2 with the exponential taken of x itself, and
 * Φ(|x|) = 1 − Φ(−|x|). Φ(−∞) = 0, Φ(+∞) = 1, NaN stays NaN.
 */
export function normalCdf(b: GraphBuilder, x: Value): Value {
  const t = b.mul(x, b.scalar(SQRT1_2));
  const center = b.add(b.scalar(0.5), b.mul(b.mul(t, rational(b, b.mul(t, t), ERF_P, ERF_Q)), b.scalar(0.5)));
  const a = magnitude(b, x);
  // the select below keeps this branch only where z > 0.46875, so erfcx never sees its z → 0 pole
  const lower = scaledExpNegHalfSquare(b, a, b.mul(erfcx(b, b.mul(a, b.scalar(SQRT1_2))), b.scalar(0.5)));
  const tails = b.where(b.greater(x, b.scalar(0)), b.sub(b.scalar(1), lower), lower);
  return b.where(b.lessOrEqual(b.abs(t), b.scalar(ERF_SMALL)), center, tails);
}

/** φ(x) = e^(−x²/2)/√(2π), the standard normal density, accurate in the tails; 0 at ±∞. */
export function normalPdf(b: GraphBuilder, x: Value): Value {
  return scaledExpNegHalfSquare(b, magnitude(b, x), b.scalar(ONE_OVER_SQRT_2PI));
}
