// Float32 lane functions (four lanes) for the smooth activations: exp, expm1 and log1p to a few float32
// ulps. The polynomials are minimax fits (Lawson's algorithm, relative error) made for this package.
//
// V8 builds a v128.const with three instructions wherever it is used inside a loop (with a dozen
// constants live it rematerializes them rather than keep them in registers), which made these kernels
// 1.4× slower. So exp's constants live in a table in static memory: a kernel loads them into locals
// before its loop (`c(i)`) and passes them down, and V8 keeps them in registers or spill slots.

/**
 * exp's constants, by index: log₂e; 1.5·2²³ (adding it rounds to an integer, kept in the low mantissa
 * bits); ln 2 in two parts (n·ln2_hi is exact for the n that occur, so y − n·ln 2 keeps its digits); the
 * minimax polynomial e^r = 1 + r + r²·q(r) for |r| ≤ ln2/2, q0…q4 (expm1 relative error 1.3e-8); −87.33,
 * below which e^y is under the float32 normals (the 2ⁿ trick needs a normal exponent); 88.72, above
 * which it overflows; −0, 1 and 89 (see {@link SIGN}, {@link EXP_TOP}). Constants kernels use in every
 * step come from here rather than v128.const, for the reason above.
 */
const EXP_TABLE: usize = memory.data<f32>([
  <f32>Math.LOG2E,
  12582912,
  0.693359375,
  -2.1219444e-4,
  0.4999999701976776,
  0.1666654348373413,
  0.04166720062494278,
  0.00836651399731636,
  0.0013882520142942667,
  -87.33,
  88.72,
  -0.0,
  1,
  89,
]);
export const LOG2E = 0;
export const ROUND = 1;
export const LN2_HI = 2;
export const LN2_LO = 3;
export const Q0 = 4;
export const EXP_MIN = 9;
export const EXP_MAX = 10;
/** −0 (the sign bit alone): x | −0 is −|x| in one instruction. */
export const SIGN = 11;
export const ONE_C = 12;
/** 89: the largest argument of {@link expClamped}, where 2ⁿ is 2¹²⁸ and so +∞. */
export const EXP_TOP = 13;

/** Constant `i` of the exp table in all lanes; load before a loop. */
export function c(i: i32): v128 {
  return v128.load32_splat(EXP_TABLE + ((<usize>i) << 2));
}

const ONE = f32x4.splat(1);
const TWO = f32x4.splat(2);
const INF = f32x4.splat(Infinity);

/** e^r − 1 for the reduced argument r = y − n·ln 2, where n = k − 1.5·2²³ (see `pow2`). */
function reduced(
  y: v128,
  k: v128,
  round: v128,
  ln2hi: v128,
  ln2lo: v128,
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
): v128 {
  const n = f32x4.sub(k, round);
  const r = f32x4.sub(f32x4.sub(y, f32x4.mul(n, ln2hi)), f32x4.mul(n, ln2lo));
  let q = f32x4.add(f32x4.mul(q4, r), q3);
  q = f32x4.add(f32x4.mul(q, r), q2);
  q = f32x4.add(f32x4.mul(q, r), q1);
  q = f32x4.add(f32x4.mul(q, r), q0);
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), q));
}

/**
 * 2ⁿ from k = y·log₂e + 1.5·2²³, whose low bits hold n: shifting left by 23 leaves just n in the exponent
 * (`one` is 1.0, whose bits are the exponent's bias).
 */
function pow2(k: v128, one: v128): v128 {
  return i32x4.add(i32x4.shl(k, 23), one);
}

/**
 * e^y for y ≤ 0 (NaN stays NaN); 0 below −87.33, where the reference's result is subnormal (well inside
 * the absolute tolerance; flushing keeps the exponent trick valid).
 */
export function expNeg(
  y: v128,
  log2e: v128,
  round: v128,
  ln2hi: v128,
  ln2lo: v128,
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  min: v128,
  one: v128 = ONE,
): v128 {
  const k = f32x4.add(f32x4.mul(y, log2e), round);
  const t = pow2(k, one);
  const m = reduced(y, k, round, ln2hi, ln2lo, q0, q1, q2, q3, q4);
  return v128.andnot(f32x4.add(t, f32x4.mul(t, m)), f32x4.lt(y, min));
}

/**
 * e^y for y clamped to [−87.33, 89], for callers that only take 1/(1 + e^y) (the logistic): about
 * 1.2e-38 at and below −87.33, +∞ from 88.38 on (n = 128 puts ∞'s bits in 2ⁿ, so e^y there is ∞ instead of
 * the last ~1e38 below the float32 maximum; 1/(1 + e^y) is then 0 instead of a subnormal). NaN stays NaN.
 * No masks: the clamps are one instruction each, and 2ⁿ·e^r keeps ∞ (2ⁿ + 2ⁿ·m would make it NaN).
 */
export function expClamped(
  y: v128,
  log2e: v128,
  round: v128,
  ln2hi: v128,
  ln2lo: v128,
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  min: v128,
  top: v128,
  one: v128,
): v128 {
  const z = f32x4.pmax(f32x4.pmin(y, top), min);
  const k = f32x4.add(f32x4.mul(z, log2e), round);
  const m = reduced(z, k, round, ln2hi, ln2lo, q0, q1, q2, q3, q4);
  return f32x4.mul(pow2(k, one), f32x4.add(one, m));
}

/** The logistic 1/(1 + e^−v) (e^−v by {@link expClamped}): 1 far right, 0 from −88.38 on, NaN for NaN. */
export function logistic(
  v: v128,
  log2e: v128,
  round: v128,
  ln2hi: v128,
  ln2lo: v128,
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  min: v128,
  top: v128,
  one: v128,
  sign: v128,
): v128 {
  const e = expClamped(v128.xor(v, sign), log2e, round, ln2hi, ln2lo, q0, q1, q2, q3, q4, min, top, one);
  return recip1p(e, one);
}

/** e^y for any y: 0 below −87.33, +∞ above 88.72, NaN for NaN. */
export function exp32(
  y: v128,
  log2e: v128,
  round: v128,
  ln2hi: v128,
  ln2lo: v128,
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  min: v128,
  max: v128,
  one: v128 = ONE,
): v128 {
  const e = expNeg(f32x4.pmin(y, max), log2e, round, ln2hi, ln2lo, q0, q1, q2, q3, q4, min, one);
  return v128.bitselect(INF, e, f32x4.gt(y, max));
}

/**
 * e^y − 1 for y ≤ 0 as 2ⁿ·m + (2ⁿ − 1), which is m itself for n = 0, so small y keep their relative
 * digits; y is clamped to −87.33 (a normal 2ⁿ), where the result is already −1 in float32 (as from −17.3
 * on). NaN stays NaN.
 */
export function expm1Neg(
  y: v128,
  log2e: v128,
  round: v128,
  ln2hi: v128,
  ln2lo: v128,
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  min: v128,
  one: v128 = ONE,
): v128 {
  const z = f32x4.pmax(y, min);
  const k = f32x4.add(f32x4.mul(z, log2e), round);
  const t = pow2(k, one);
  const m = reduced(z, k, round, ln2hi, ln2lo, q0, q1, q2, q3, q4);
  return f32x4.add(f32x4.mul(t, m), f32x4.sub(t, one));
}

/** e^y − 1 for any y: −1 below −87.33, +∞ above 88.72. */
export function expm1_32(
  y: v128,
  log2e: v128,
  round: v128,
  ln2hi: v128,
  ln2lo: v128,
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  min: v128,
  max: v128,
  one: v128 = ONE,
): v128 {
  const m = expm1Neg(f32x4.pmin(y, max), log2e, round, ln2hi, ln2lo, q0, q1, q2, q3, q4, min, one);
  return v128.bitselect(INF, m, f32x4.gt(y, max));
}

// 2·atanh(s) = 2s + s³·R(s²) for s ∈ [0, 1/3] (log1p of u ∈ [0, 1]); relative error 4.5e-9; loaded
// before loops with `r(i)`, as exp's constants are
const LOG1P_TABLE: usize = memory.data<f32>([
  0.6666641235351562, 0.4002169966697693, 0.27999135851860046, 0.2802447974681854,
]);

/** log1p's constant `i` in all lanes. */
export function r(i: i32): v128 {
  return v128.load32_splat(LOG1P_TABLE + ((<usize>i) << 2));
}

/**
 * log(1 + u) for u in [−1/2, 1] (and NaN): 2·atanh(s), s = u/(2 + u) in [−1/3, 1/3] (the series is odd),
 * no cancellation for small u.
 */
export function log1pUnit(u: v128, r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  const s = f32x4.div(u, f32x4.add(u, TWO));
  const z = f32x4.mul(s, s);
  let q = f32x4.add(f32x4.mul(r3, z), r2);
  q = f32x4.add(f32x4.mul(q, z), r1);
  q = f32x4.add(f32x4.mul(q, z), r0);
  return f32x4.add(f32x4.add(s, s), f32x4.mul(f32x4.mul(s, z), q));
}

// log m = 2·atanh((m − 1)/(m + 1)) = 2u + u³·L(u²) for m in [√2/2, √2), |u| ≤ 0.1716; relative
// error of the fit 8e-10
const LOG_TABLE: usize = memory.data<f32>([0.6666677594184875, 0.39977526664733887, 0.2987216114997864]);

/** log's constant `i` in all lanes. */
export function l(i: i32): v128 {
  return v128.load32_splat(LOG_TABLE + ((<usize>i) << 2));
}

/**
 * log x for positive normal float32 x, to ~1 ulp: x = 2^e·m with m in [√2/2, √2) taken from the bits,
 * e·ln 2 in float64 (exact enough) added to log m. Not for 0, subnormals, ∞ or NaN (callers mask them).
 */
export function log32(x: v128, l0: v128, l1: v128, l2: v128): v128 {
  const bits = i32x4.sub(x, i32x4.splat(0x3f3504f3));
  const e = i32x4.shr_s(bits, 23);
  const m = i32x4.add(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f3504f3));
  const u = f32x4.div(f32x4.sub(m, ONE), f32x4.add(m, ONE));
  const z = f32x4.mul(u, u);
  let q = f32x4.add(f32x4.mul(l2, z), l1);
  q = f32x4.add(f32x4.mul(q, z), l0);
  const lm = f32x4.add(f32x4.add(u, u), f32x4.mul(f32x4.mul(u, z), q));
  const ef = f32x4.convert_i32x4_s(e);
  const ln2 = f64x2.splat(Math.LN2);
  const el = f64x2.mul(f64x2.promote_low_f32x4(ef), ln2);
  const eh = f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(ef, ef, 2, 3, 2, 3)), ln2);
  const le = i32x4.shuffle(f32x4.demote_f64x2_zero(el), f32x4.demote_f64x2_zero(eh), 0, 1, 4, 5);
  return f32x4.add(le, lm);
}

/** |x| (clears the sign bit). */
export function abs32(x: v128): v128 {
  return f32x4.abs(x);
}

/** x with the sign of s (x ≥ 0 or NaN); `sign` is −0 in every lane. */
export function withSignOf(x: v128, s: v128, sign: v128 = f32x4.splat(-0.0)): v128 {
  return v128.or(x, v128.and(s, sign));
}

/** 1 / (1 + e). */
export function recip1p(e: v128, one: v128 = ONE): v128 {
  return f32x4.div(one, f32x4.add(one, e));
}

/** −|x| (sets the sign bit; `sign` is −0 in every lane). */
export function negAbs(x: v128, sign: v128): v128 {
  return v128.or(x, sign);
}

/** Lanes where x ≥ 0 (NaN: false). */
export function nonNegative(x: v128): v128 {
  return f32x4.ge(x, f32x4.splat(0));
}

// ---- float64 lanes ------------------------------------------------------------------------------------

/**
 * Float64 constants, by index, loaded where they are used ({@link k64}): in a loop a load is one
 * instruction where V8 builds a v128.const with three (see the top of this file). log m = 2·atanh(u) =
 * 2u + u³·P(u²), u = (m − 1)/(m + 1) for m in [√2/2, √2): |u| ≤ 0.1716, u² ≤ 0.0295, P a minimax fit
 * (Lawson's algorithm; relative error of log m 4.8e-12).
 */
const F64_TABLE: usize = memory.data<f64>([
  0.6666666564545466,
  0.4000033519118464,
  0.2853730852596801,
  0.23582151568078347,
  Math.LN2,
  -Infinity,
  0,
  1,
  2,
  100,
  1e-7,
  Infinity,
  -0.0,
  1 - 1e-7,
  1e-12,
]);
const P0 = 0;
export const LN2_D = 4;
export const NEG_INF_D = 5;
export const ZERO_D = 6;
export const ONE_D = 7;
export const TWO_D = 8;
export const HUNDRED_D = 9;
/** 1e-7, the epsilon of the losses' clips (Keras's). */
export const EPS_D = 10;
export const INF_D = 11;
export const SIGN_D = 12;
/** 1 − 1e-7, the upper end of the probability clips. */
export const ONE_MINUS_EPS_D = 13;
/** 1e-12, the floor of cosineSimilarity's norms (PyTorch's F.normalize). */
export const NORM_EPS_D = 14;

/** Float64 constant `i` of the table above in both lanes. */
export function k64(i: i32): v128 {
  return v128.load64_splat(F64_TABLE + ((<usize>i) << 3));
}

const SQRT_HALF_BITS = i64x2.splat(0x3fe6a09e667f3bcd);
const MANTISSA64 = i64x2.splat(0x000fffffffffffff);

/**
 * log x on float64 lanes to about 5e-12 relative, for the losses whose terms must not lose the float32
 * digits their logs' differences and products keep: x = 2^e·m with m in [√2/2, √2) from the bits, e·ln 2
 * + log m. For positive normal x only (callers mask the rest, or take {@link log64}).
 */
export function log64Positive(x: v128): v128 {
  const k = i64x2.sub(x, SQRT_HALF_BITS);
  // the exponent from the high halves' bits 20–31: i64x2.shr_s has no SSE instruction
  const e = i32x4.shr_s(k, 20);
  const m = i64x2.add(v128.and(k, MANTISSA64), SQRT_HALF_BITS);
  const u = f64x2.div(f64x2.sub(m, k64(ONE_D)), f64x2.add(m, k64(ONE_D)));
  const z = f64x2.mul(u, u);
  // Estrin's scheme: the two halves of P do not wait on each other
  const q = f64x2.add(
    f64x2.add(k64(P0), f64x2.mul(k64(P0 + 1), z)),
    f64x2.mul(f64x2.mul(z, z), f64x2.add(k64(P0 + 2), f64x2.mul(k64(P0 + 3), z))),
  );
  const lm = f64x2.add(f64x2.add(u, u), f64x2.mul(f64x2.mul(u, z), q));
  const ef = f64x2.convert_low_i32x4_s(i32x4.shuffle(e, e, 1, 3, 1, 3));
  return f64x2.add(f64x2.mul(ef, k64(LN2_D)), lm);
}

/** {@link log64Positive} for any x ≥ 0: 0 gives −∞, +∞ and NaN themselves (negatives are the caller's). */
export function log64(x: v128): v128 {
  const inside = v128.bitselect(log64Positive(x), x, f64x2.lt(x, k64(INF_D)));
  return v128.bitselect(k64(NEG_INF_D), inside, f64x2.eq(x, k64(ZERO_D)));
}
