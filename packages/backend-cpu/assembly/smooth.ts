// The smooth activations on float32 lanes (the float64 calls run the reference's loops): forward kernels
// read at p and write at dst, gradient kernels read x at px and the upstream gradient at pg and write at dst
// (dst may equal p or pg). They
// follow the reference's formulas, branch-free: both sides of a branch are computed and selected per lane.
// Results are within a few float32 ulps of the reference (the figures are in docs/backends.md).
//
// Each kernel's loop is written for one vector; `// @interleave` has the build expand it into four
// vectors a step (`// @interleave 6`: six), each statement for each vector in turn, then two a step
// (scripts/kernel-source.mjs): a loop over one vector at a time is bound by the latency of its chain of
// dependent operations. Six suit the forward kernels with few constants (sigmoid, silu, geluTanh, elu,
// celu: 5–15% faster than four; tanh 20%, logSigmoid 10%; same bits); gelu and mish, with more
// constants live, spill registers beyond four (6: 30–40% slower), and softplus gains nothing.

import {
  abs32,
  c,
  EXP_MAX,
  EXP_MIN,
  EXP_TOP,
  exp32,
  expClamped,
  expm1_32,
  expm1Neg,
  expNeg,
  LN2_HI,
  LN2_LO,
  LOG2E,
  log1pUnit,
  logistic,
  negAbs,
  nonNegative,
  ONE_C,
  Q0,
  ROUND,
  r,
  recip1p,
  SIGN,
  withSignOf,
} from './math';
import { mulViaF64 } from './simd';

const ZERO = f32x4.splat(0);
const ONE = f32x4.splat(1);
const TWO = f32x4.splat(2);
const INF = f32x4.splat(Infinity);
const NEG_INF = f32x4.splat(-Infinity);

/** g·d with the reference's mask: 0 where the derivative d is 0, even for an infinite g. */
function times(g: v128, d: v128): v128 {
  return v128.andnot(f32x4.mul(g, d), f32x4.eq(d, ZERO));
}

// ---- sigmoid -----------------------------------------------------------------------------------------

/** σ(x) from e = e^−|x| and r = 1/(1 + e): r for x ≥ 0, e·r below. */
function sigmoidOf(x: v128, e: v128, r: v128): v128 {
  return v128.bitselect(r, f32x4.mul(e, r), nonNegative(x));
}

export function sigmoidF32(p: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const end = p + ((<usize>n) << 2);
  // @interleave 6
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    v128.store(dst, logistic(x, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign));
  }
}

/** g·σ(x)·σ(−x): with e = e^−|x| and r = 1/(1 + e) that is g·e·r², symmetric in x. */
export function sigmoidGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const e = expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const r = recip1p(e, one);
    v128.store(dst, times(v128.load(pg), f32x4.mul(f32x4.mul(e, r), r)));
  }
}

// ---- tanh --------------------------------------------------------------------------------------------

/** tanh(x) = −m/(2 + m) with m = expm1(−2|x|), signed: no cancellation near 0, exactly ±1 far out. */
export function tanhF32(p: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const two = f32x4.add(one, one);
  const end = p + ((<usize>n) << 2);
  // @interleave 6
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const m = expm1Neg(negAbs(f32x4.add(x, x), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    v128.store(dst, withSignOf(f32x4.div(v128.xor(m, sign), f32x4.add(m, two)), x, sign));
  }
}

/** g·sech²(x) = g·4e/(1 + e)² with e = e^−2|x|: no 1 − tanh² cancellation. */
export function tanhGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const e = expNeg(negAbs(f32x4.add(x, x), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const d1 = f32x4.add(ONE, e);
    const d = f32x4.div(f32x4.mul(f32x4.splat(4), e), f32x4.mul(d1, d1));
    v128.store(dst, times(v128.load(pg), d));
  }
}

// ---- silu --------------------------------------------------------------------------------------------

/** x·σ(x), 0 at −∞ (the limit, not −∞·0). */
export function siluF32(p: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const end = p + ((<usize>n) << 2);
  // @interleave 6
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const y = f32x4.mul(x, logistic(x, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign));
    v128.store(dst, v128.andnot(y, f32x4.eq(x, NEG_INF)));
  }
}

/** g·σ(x)·(1 + x·σ(−x)), with the limits 1 at +∞ and 0 at −∞. */
export function siluGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const e = expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const r = recip1p(e, one);
    const er = f32x4.mul(e, r);
    const pos = nonNegative(x);
    const s = v128.bitselect(r, er, pos);
    const sNeg = v128.bitselect(er, r, pos);
    let d = f32x4.mul(s, f32x4.add(ONE, f32x4.mul(x, sNeg)));
    d = v128.bitselect(v128.and(ONE, pos), d, f32x4.eq(abs32(x), INF));
    v128.store(dst, times(v128.load(pg), d));
  }
}

// ---- gelu (tanh form) --------------------------------------------------------------------------------

// √(2/π) and κ = 0.044715, loaded before the loops (see math.ts)
const GELU_TANH: usize = memory.data<f32>([0.7978845608028654, 0.044715]);

function gt(i: i32): v128 {
  return v128.load32_splat(GELU_TANH + ((<usize>i) << 2));
}

/** 2u = 2·√(2/π)·(x + κx³), the logistic's argument: 0.5·(1 + tanh u) = σ(2u). */
function twoU(x: v128, s2pi: v128, kappa: v128): v128 {
  const u = f32x4.mul(s2pi, f32x4.add(x, f32x4.mul(kappa, f32x4.mul(f32x4.mul(x, x), x))));
  return f32x4.add(u, u);
}

export function geluTanhF32(p: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const s2pi = gt(0);
  const kappa = gt(1);
  const end = p + ((<usize>n) << 2);
  // @interleave 6
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const gate = logistic(twoU(x, s2pi, kappa), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    v128.store(dst, v128.andnot(f32x4.mul(x, gate), f32x4.eq(gate, ZERO)));
  }
}

/** s + 2x·s·σ(−2u)·√(2/π)·(1 + 3κx²) with s = σ(2u); just s where the bell underflows. */
export function geluTanhGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const kappa3 = f32x4.mul(f32x4.splat(3), gt(1));
  const s2pi = gt(0);
  const kappa = gt(1);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const v = twoU(x, s2pi, kappa);
    const e = expNeg(negAbs(v, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const r = recip1p(e, one);
    const s = sigmoidOf(v, e, r);
    const bell = f32x4.mul(f32x4.mul(e, r), r);
    const slope = f32x4.mul(s2pi, f32x4.add(one, f32x4.mul(kappa3, f32x4.mul(x, x))));
    const d = f32x4.add(s, f32x4.mul(f32x4.mul(f32x4.add(x, x), bell), slope));
    v128.store(dst, times(v128.load(pg), v128.bitselect(s, d, f32x4.eq(bell, ZERO))));
  }
}

// ---- gelu (exact: x·Φ(x)) ----------------------------------------------------------------------------

// the upper normal tail Q(a) = φ(a)·M(a), M the Mills ratio, M(a) = t·P(t) with t = 1/(1 + 0.3a), for
// 0 ≤ a ≤ 14 (beyond, Q is below the float32 normals); relative error of the fit 3.4e-9. The
// coefficients sit in a table and are loaded before the loops, as exp's are (see math.ts).
// After P's coefficients: t's 0.3, 1/√(2π) and −1/2.
const MILLS: usize = memory.data<f32>([
  0.30000990629196167, 0.29972463846206665, 0.27629923820495605, 0.1965823471546173, 0.24078534543514252,
  -0.19865107536315918, 0.4802328646183014, -0.5716869235038757, 0.2816869616508484, -0.051669176667928696,
  0.3, 0.3989422804014327, -0.5,
]);

function m(i: i32): v128 {
  return v128.load32_splat(MILLS + ((<usize>i) << 2));
}

/** Φ(x) from φ(x): the tail Q(|x|) = φ·t·P(t) below 0, 1 − Q above (no cancellation: Q ≤ 1/2 there). */
function normalCdf(
  x: v128,
  phi: v128,
  m0: v128,
  m1: v128,
  m2: v128,
  m3: v128,
  m4: v128,
  m5: v128,
  m6: v128,
  m7: v128,
  m8: v128,
  m9: v128,
  millsP: v128,
  one: v128,
): v128 {
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(millsP, abs32(x))));
  let q = f32x4.add(f32x4.mul(m9, t), m8);
  q = f32x4.add(f32x4.mul(q, t), m7);
  q = f32x4.add(f32x4.mul(q, t), m6);
  q = f32x4.add(f32x4.mul(q, t), m5);
  q = f32x4.add(f32x4.mul(q, t), m4);
  q = f32x4.add(f32x4.mul(q, t), m3);
  q = f32x4.add(f32x4.mul(q, t), m2);
  q = f32x4.add(f32x4.mul(q, t), m1);
  q = f32x4.add(f32x4.mul(q, t), m0);
  const tail = f32x4.mul(phi, f32x4.mul(t, q));
  return v128.bitselect(f32x4.sub(one, tail), tail, nonNegative(x));
}

export function geluF32(p: usize, dst: usize, n: i32): void {
  const m0 = m(0);
  const m1 = m(1);
  const m2 = m(2);
  const m3 = m(3);
  const m4 = m(4);
  const m5 = m(5);
  const m6 = m(6);
  const m7 = m(7);
  const m8 = m(8);
  const m9 = m(9);
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const millsP = m(10);
  const invSqrt2pi = m(11);
  const negHalf = m(12);
  const end = p + ((<usize>n) << 2);
  // @interleave
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const phi = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(x, x)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const cdf = normalCdf(x, phi, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    v128.store(dst, v128.andnot(f32x4.mul(x, cdf), f32x4.eq(cdf, ZERO)));
  }
}

/** Φ(x) + x·φ(x); just Φ where the density underflows (x·φ is ±∞·0 at ±∞). */
export function geluGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const m0 = m(0);
  const m1 = m(1);
  const m2 = m(2);
  const m3 = m(3);
  const m4 = m(4);
  const m5 = m(5);
  const m6 = m(6);
  const m7 = m(7);
  const m8 = m(8);
  const m9 = m(9);
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const millsP = m(10);
  const invSqrt2pi = m(11);
  const negHalf = m(12);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const phi = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(x, x)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const cdf = normalCdf(x, phi, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const d = v128.bitselect(cdf, f32x4.add(cdf, f32x4.mul(x, phi)), f32x4.eq(phi, ZERO));
    v128.store(dst, times(v128.load(pg), d));
  }
}

// ---- elu, selu, celu ---------------------------------------------------------------------------------

/**
 * s·x for x > 0 (rounded through float64, as the reference's s·x), k·expm1(x) otherwise: elu (s = 1,
 * k = α) and selu (s = λ, k = λα).
 */
export function eluF32(p: usize, dst: usize, n: i32, k: f64, s: f64): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const kk = f32x4.splat(<f32>k);
  const ss = f64x2.splat(s);
  const unit = s === 1;
  const end = p + ((<usize>n) << 2);
  // @interleave 6
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const neg = f32x4.mul(
      kk,
      expm1Neg(f32x4.pmin(x, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const pos = unit ? x : mulViaF64(x, ss);
    v128.store(dst, v128.bitselect(pos, neg, f32x4.gt(x, ZERO)));
  }
}

/** g·s for x > 0, g·k·e^x otherwise (0 where that is 0). */
export function eluGradF32(px: usize, pg: usize, dst: usize, n: i32, k: f64, s: f64): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const kk = f32x4.splat(<f32>k);
  const ss = f64x2.splat(s);
  const unit = s === 1;
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const g = v128.load(pg);
    const neg = times(
      g,
      f32x4.mul(kk, expNeg(f32x4.pmin(x, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one)),
    );
    const pos = unit ? g : mulViaF64(g, ss);
    const y = v128.bitselect(pos, neg, f32x4.gt(x, ZERO));
    v128.store(dst, v128.bitselect(x, y, f32x4.ne(x, x)));
  }
}

/** x for x > 0, α·expm1(x/α) otherwise (x/α may be positive for a negative α). */
export function celuF32(p: usize, dst: usize, n: i32, alpha: f64): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const max = c(EXP_MAX);
  const a = f32x4.splat(<f32>alpha);
  const end = p + ((<usize>n) << 2);
  // @interleave 6
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const neg = f32x4.mul(
      a,
      expm1_32(f32x4.div(f32x4.pmin(x, ZERO), a), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, max, one),
    );
    v128.store(dst, v128.bitselect(x, neg, f32x4.gt(x, ZERO)));
  }
}

export function celuGradF32(px: usize, pg: usize, dst: usize, n: i32, alpha: f64): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const max = c(EXP_MAX);
  const a = f32x4.splat(<f32>alpha);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const g = v128.load(pg);
    const neg = times(
      g,
      exp32(f32x4.div(f32x4.pmin(x, ZERO), a), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, max, one),
    );
    const y = v128.bitselect(g, neg, f32x4.gt(x, ZERO));
    v128.store(dst, v128.bitselect(x, y, f32x4.ne(x, x)));
  }
}

// ---- softplus, logSigmoid ----------------------------------------------------------------------------

/** log(1 + e^(βx))/β as x + log1p(e^(−βx))/β for βx ≥ 0 and log1p(e^(βx))/β below: e^ never overflows. */
export function softplusF32(p: usize, dst: usize, n: i32, beta: f64): void {
  const r0 = r(0);
  const r1 = r(1);
  const r2 = r(2);
  const r3 = r(3);
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const b = f32x4.splat(<f32>beta);
  const unit = beta === 1;
  const end = p + ((<usize>n) << 2);
  // @interleave
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const bx = unit ? x : f32x4.mul(b, x);
    const l0 = log1pUnit(
      expNeg(negAbs(bx, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
      r0,
      r1,
      r2,
      r3,
    );
    const l = unit ? l0 : f32x4.div(l0, b);
    v128.store(dst, v128.bitselect(f32x4.add(x, l), l, nonNegative(bx)));
  }
}

/** g·σ(βx). */
export function softplusGradF32(px: usize, pg: usize, dst: usize, n: i32, beta: f64): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const b = f32x4.splat(<f32>beta);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const bx = f32x4.mul(b, v128.load(px));
    const s = logistic(bx, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    v128.store(dst, times(v128.load(pg), s));
  }
}

/** −softplus(−x) = min(x, 0) − log1p(e^−|x|). */
export function logSigmoidF32(p: usize, dst: usize, n: i32): void {
  const r0 = r(0);
  const r1 = r(1);
  const r2 = r(2);
  const r3 = r(3);
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const end = p + ((<usize>n) << 2);
  // @interleave 6
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const l = log1pUnit(
      expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
      r0,
      r1,
      r2,
      r3,
    );
    v128.store(dst, f32x4.sub(f32x4.pmin(x, ZERO), l));
  }
}

/** g·σ(−x). */
export function logSigmoidGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const top = c(EXP_TOP);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const e = expClamped(v128.load(px), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one);
    v128.store(dst, times(v128.load(pg), recip1p(e, one)));
  }
}

// ---- mish --------------------------------------------------------------------------------------------

/**
 * tanh(softplus(x)) as a fraction of e = e^−|x| (the reference's n(n + 2)/(n(n + 2) + 2) for x ≤ 0 and
 * (1 + 2m)/(1 + 2m + 2m²) above): its numerator here, its denominator below.
 */
function mishNum(e: v128, pos: v128): v128 {
  const q = f32x4.mul(e, f32x4.add(e, TWO));
  return v128.bitselect(f32x4.add(ONE, f32x4.add(e, e)), q, pos);
}

function mishDen(e: v128, pos: v128): v128 {
  const q = f32x4.mul(e, f32x4.add(e, TWO));
  const e2 = f32x4.mul(e, e);
  return v128.bitselect(
    f32x4.add(f32x4.add(ONE, f32x4.add(e, e)), f32x4.add(e2, e2)),
    f32x4.add(q, TWO),
    pos,
  );
}

export function mishF32(p: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const end = p + ((<usize>n) << 2);
  // @interleave
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const e = expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const pos = f32x4.gt(x, ZERO);
    const t = f32x4.div(mishNum(e, pos), mishDen(e, pos));
    v128.store(dst, v128.andnot(f32x4.mul(x, t), f32x4.eq(t, ZERO)));
  }
}

/** t + x·(1 − t)(1 + t)·σ(x); just t where that gate underflows. */
export function mishGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const l2e = c(LOG2E);
  const rnd = c(ROUND);
  const lnh = c(LN2_HI);
  const lnl = c(LN2_LO);
  const q0 = c(Q0);
  const q1 = c(Q0 + 1);
  const q2 = c(Q0 + 2);
  const q3 = c(Q0 + 3);
  const q4 = c(Q0 + 4);
  const min = c(EXP_MIN);
  const one = c(ONE_C);
  const sign = c(SIGN);
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const e = expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const pos = f32x4.gt(x, ZERO);
    const den = mishDen(e, pos);
    const inv = f32x4.div(ONE, den);
    const t = f32x4.mul(mishNum(e, pos), inv);
    const e2 = f32x4.mul(e, e);
    const oneMinusT = f32x4.mul(v128.bitselect(f32x4.add(e2, e2), TWO, pos), inv);
    const r = recip1p(e, one);
    const s = sigmoidOf(x, e, r);
    const gate = f32x4.mul(f32x4.mul(oneMinusT, f32x4.add(ONE, t)), s);
    const d = v128.bitselect(t, f32x4.add(t, f32x4.mul(x, gate)), f32x4.eq(gate, ZERO));
    v128.store(dst, times(v128.load(pg), d));
  }
}

// ---- softsign ----------------------------------------------------------------------------------------

/** x/(1 + |x|), ±1 at ±∞. */
export function softsignF32(p: usize, dst: usize, n: i32): void {
  const end = p + ((<usize>n) << 2);
  // @interleave
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const a = abs32(x);
    const y = f32x4.div(x, f32x4.add(ONE, a));
    v128.store(dst, v128.bitselect(withSignOf(ONE, x), y, f32x4.eq(a, INF)));
  }
}

/** g/(1 + |x|)², as the square of the reciprocal (which underflows gently). */
export function softsignGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const end = px + ((<usize>n) << 2);
  // @interleave
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const r = recip1p(abs32(v128.load(px)));
    v128.store(dst, times(v128.load(pg), f32x4.mul(r, r)));
  }
}
