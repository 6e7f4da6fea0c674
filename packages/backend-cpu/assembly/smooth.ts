// The smooth activations on float32 lanes (the float64 calls run the reference's loops): forward kernels
// read at p and write at dst, gradient kernels read x at px and the upstream gradient at pg and write at dst
// (dst may equal p or pg). They
// follow the reference's formulas, branch-free: both sides of a branch are computed and selected per lane.
// Results are within a few float32 ulps of the reference (the figures are in docs/backends.md).
//
// The kernels take four vectors a step, loaded first and each stage written for the four in turn (x, y,
// z, w in the forward kernels, A–D in the gradients), then two a step for the rest (callers hand whole
// steps of 8 elements): V8 keeps the order it is given, and a loop over one vector at a time is bound by
// the latency of its chain of dependent operations (exp, then the polynomial, then a division), not by
// the instructions. Interleaving four chains made them 20–50% faster on one thread, with the same results.

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
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    v128.store(dst, logistic(x, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign));
    v128.store(dst, logistic(y, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign), 16);
    v128.store(dst, logistic(z, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign), 32);
    v128.store(dst, logistic(w, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    v128.store(dst, logistic(x, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign));
    v128.store(dst, logistic(y, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign), 16);
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
  const top = c(EXP_TOP);
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const xC = v128.load(px, 32);
    const xD = v128.load(px, 48);
    const eA = expNeg(negAbs(xA, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(xB, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eC = expNeg(negAbs(xC, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eD = expNeg(negAbs(xD, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const rA = recip1p(eA, one);
    const rB = recip1p(eB, one);
    const rC = recip1p(eC, one);
    const rD = recip1p(eD, one);
    v128.store(dst, times(v128.load(pg), f32x4.mul(f32x4.mul(eA, rA), rA)));
    v128.store(dst, times(v128.load(pg, 16), f32x4.mul(f32x4.mul(eB, rB), rB)), 16);
    v128.store(dst, times(v128.load(pg, 32), f32x4.mul(f32x4.mul(eC, rC), rC)), 32);
    v128.store(dst, times(v128.load(pg, 48), f32x4.mul(f32x4.mul(eD, rD), rD)), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const eA = expNeg(negAbs(xA, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(xB, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const rA = recip1p(eA, one);
    const rB = recip1p(eB, one);
    v128.store(dst, times(v128.load(pg), f32x4.mul(f32x4.mul(eA, rA), rA)));
    v128.store(dst, times(v128.load(pg, 16), f32x4.mul(f32x4.mul(eB, rB), rB)), 16);
  }
}

// ---- tanh --------------------------------------------------------------------------------------------

/** tanh of one vector (see {@link tanhF32}); small enough to be inlined, so a step's chains interleave. */
function tanhLane(
  x: v128,
  l2e: v128,
  rnd: v128,
  lnh: v128,
  lnl: v128,
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  min: v128,
  one: v128,
  two: v128,
  sign: v128,
): v128 {
  const m = expm1Neg(negAbs(f32x4.add(x, x), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
  return withSignOf(f32x4.div(v128.xor(m, sign), f32x4.add(m, two)), x, sign);
}

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
  const top = c(EXP_TOP);
  const two = f32x4.add(one, one);
  const end = p + ((<usize>n) << 2);
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    v128.store(dst, tanhLane(x, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one, two, sign));
    v128.store(dst, tanhLane(y, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one, two, sign), 16);
    v128.store(dst, tanhLane(z, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one, two, sign), 32);
    v128.store(dst, tanhLane(w, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one, two, sign), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    v128.store(dst, tanhLane(x, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one, two, sign));
    v128.store(dst, tanhLane(y, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one, two, sign), 16);
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
  const top = c(EXP_TOP);
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const xC = v128.load(px, 32);
    const xD = v128.load(px, 48);
    const eA = expNeg(negAbs(f32x4.add(xA, xA), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(f32x4.add(xB, xB), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eC = expNeg(negAbs(f32x4.add(xC, xC), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eD = expNeg(negAbs(f32x4.add(xD, xD), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const d1A = f32x4.add(ONE, eA);
    const d1B = f32x4.add(ONE, eB);
    const d1C = f32x4.add(ONE, eC);
    const d1D = f32x4.add(ONE, eD);
    const dA = f32x4.div(f32x4.mul(f32x4.splat(4), eA), f32x4.mul(d1A, d1A));
    const dB = f32x4.div(f32x4.mul(f32x4.splat(4), eB), f32x4.mul(d1B, d1B));
    const dC = f32x4.div(f32x4.mul(f32x4.splat(4), eC), f32x4.mul(d1C, d1C));
    const dD = f32x4.div(f32x4.mul(f32x4.splat(4), eD), f32x4.mul(d1D, d1D));
    v128.store(dst, times(v128.load(pg), dA));
    v128.store(dst, times(v128.load(pg, 16), dB), 16);
    v128.store(dst, times(v128.load(pg, 32), dC), 32);
    v128.store(dst, times(v128.load(pg, 48), dD), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const eA = expNeg(negAbs(f32x4.add(xA, xA), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(f32x4.add(xB, xB), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const d1A = f32x4.add(ONE, eA);
    const d1B = f32x4.add(ONE, eB);
    const dA = f32x4.div(f32x4.mul(f32x4.splat(4), eA), f32x4.mul(d1A, d1A));
    const dB = f32x4.div(f32x4.mul(f32x4.splat(4), eB), f32x4.mul(d1B, d1B));
    v128.store(dst, times(v128.load(pg), dA));
    v128.store(dst, times(v128.load(pg, 16), dB), 16);
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
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    const sx = logistic(x, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const sy = logistic(y, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const sz = logistic(z, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const sw = logistic(w, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    v128.store(dst, v128.andnot(f32x4.mul(x, sx), f32x4.eq(x, NEG_INF)));
    v128.store(dst, v128.andnot(f32x4.mul(y, sy), f32x4.eq(y, NEG_INF)), 16);
    v128.store(dst, v128.andnot(f32x4.mul(z, sz), f32x4.eq(z, NEG_INF)), 32);
    v128.store(dst, v128.andnot(f32x4.mul(w, sw), f32x4.eq(w, NEG_INF)), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const sx = logistic(x, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const sy = logistic(y, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    v128.store(dst, v128.andnot(f32x4.mul(x, sx), f32x4.eq(x, NEG_INF)));
    v128.store(dst, v128.andnot(f32x4.mul(y, sy), f32x4.eq(y, NEG_INF)), 16);
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
  const top = c(EXP_TOP);
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const xC = v128.load(px, 32);
    const xD = v128.load(px, 48);
    const eA = expNeg(negAbs(xA, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(xB, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eC = expNeg(negAbs(xC, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eD = expNeg(negAbs(xD, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const rA = recip1p(eA, one);
    const rB = recip1p(eB, one);
    const rC = recip1p(eC, one);
    const rD = recip1p(eD, one);
    const erA = f32x4.mul(eA, rA);
    const erB = f32x4.mul(eB, rB);
    const erC = f32x4.mul(eC, rC);
    const erD = f32x4.mul(eD, rD);
    const posA = nonNegative(xA);
    const posB = nonNegative(xB);
    const posC = nonNegative(xC);
    const posD = nonNegative(xD);
    const sA = v128.bitselect(rA, erA, posA);
    const sB = v128.bitselect(rB, erB, posB);
    const sC = v128.bitselect(rC, erC, posC);
    const sD = v128.bitselect(rD, erD, posD);
    const sNegA = v128.bitselect(erA, rA, posA);
    const sNegB = v128.bitselect(erB, rB, posB);
    const sNegC = v128.bitselect(erC, rC, posC);
    const sNegD = v128.bitselect(erD, rD, posD);
    let dA = f32x4.mul(sA, f32x4.add(ONE, f32x4.mul(xA, sNegA)));
    let dB = f32x4.mul(sB, f32x4.add(ONE, f32x4.mul(xB, sNegB)));
    let dC = f32x4.mul(sC, f32x4.add(ONE, f32x4.mul(xC, sNegC)));
    let dD = f32x4.mul(sD, f32x4.add(ONE, f32x4.mul(xD, sNegD)));
    dA = v128.bitselect(v128.and(ONE, posA), dA, f32x4.eq(abs32(xA), INF));
    dB = v128.bitselect(v128.and(ONE, posB), dB, f32x4.eq(abs32(xB), INF));
    dC = v128.bitselect(v128.and(ONE, posC), dC, f32x4.eq(abs32(xC), INF));
    dD = v128.bitselect(v128.and(ONE, posD), dD, f32x4.eq(abs32(xD), INF));
    v128.store(dst, times(v128.load(pg), dA));
    v128.store(dst, times(v128.load(pg, 16), dB), 16);
    v128.store(dst, times(v128.load(pg, 32), dC), 32);
    v128.store(dst, times(v128.load(pg, 48), dD), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const eA = expNeg(negAbs(xA, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(xB, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const rA = recip1p(eA, one);
    const rB = recip1p(eB, one);
    const erA = f32x4.mul(eA, rA);
    const erB = f32x4.mul(eB, rB);
    const posA = nonNegative(xA);
    const posB = nonNegative(xB);
    const sA = v128.bitselect(rA, erA, posA);
    const sB = v128.bitselect(rB, erB, posB);
    const sNegA = v128.bitselect(erA, rA, posA);
    const sNegB = v128.bitselect(erB, rB, posB);
    let dA = f32x4.mul(sA, f32x4.add(ONE, f32x4.mul(xA, sNegA)));
    let dB = f32x4.mul(sB, f32x4.add(ONE, f32x4.mul(xB, sNegB)));
    dA = v128.bitselect(v128.and(ONE, posA), dA, f32x4.eq(abs32(xA), INF));
    dB = v128.bitselect(v128.and(ONE, posB), dB, f32x4.eq(abs32(xB), INF));
    v128.store(dst, times(v128.load(pg), dA));
    v128.store(dst, times(v128.load(pg, 16), dB), 16);
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
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    const gx = logistic(twoU(x, s2pi, kappa), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const gy = logistic(twoU(y, s2pi, kappa), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const gz = logistic(twoU(z, s2pi, kappa), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const gw = logistic(twoU(w, s2pi, kappa), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    v128.store(dst, v128.andnot(f32x4.mul(x, gx), f32x4.eq(gx, ZERO)));
    v128.store(dst, v128.andnot(f32x4.mul(y, gy), f32x4.eq(gy, ZERO)), 16);
    v128.store(dst, v128.andnot(f32x4.mul(z, gz), f32x4.eq(gz, ZERO)), 32);
    v128.store(dst, v128.andnot(f32x4.mul(w, gw), f32x4.eq(gw, ZERO)), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const gx = logistic(twoU(x, s2pi, kappa), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const gy = logistic(twoU(y, s2pi, kappa), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    v128.store(dst, v128.andnot(f32x4.mul(x, gx), f32x4.eq(gx, ZERO)));
    v128.store(dst, v128.andnot(f32x4.mul(y, gy), f32x4.eq(gy, ZERO)), 16);
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
  const top = c(EXP_TOP);
  const kappa3 = f32x4.mul(f32x4.splat(3), gt(1));
  const s2pi = gt(0);
  const kappa = gt(1);
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const xC = v128.load(px, 32);
    const xD = v128.load(px, 48);
    const vA = twoU(xA, s2pi, kappa);
    const vB = twoU(xB, s2pi, kappa);
    const vC = twoU(xC, s2pi, kappa);
    const vD = twoU(xD, s2pi, kappa);
    const eA = expNeg(negAbs(vA, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(vB, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eC = expNeg(negAbs(vC, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eD = expNeg(negAbs(vD, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const rA = recip1p(eA, one);
    const rB = recip1p(eB, one);
    const rC = recip1p(eC, one);
    const rD = recip1p(eD, one);
    const sA = sigmoidOf(vA, eA, rA);
    const sB = sigmoidOf(vB, eB, rB);
    const sC = sigmoidOf(vC, eC, rC);
    const sD = sigmoidOf(vD, eD, rD);
    const bellA = f32x4.mul(f32x4.mul(eA, rA), rA);
    const bellB = f32x4.mul(f32x4.mul(eB, rB), rB);
    const bellC = f32x4.mul(f32x4.mul(eC, rC), rC);
    const bellD = f32x4.mul(f32x4.mul(eD, rD), rD);
    const slopeA = f32x4.mul(s2pi, f32x4.add(one, f32x4.mul(kappa3, f32x4.mul(xA, xA))));
    const slopeB = f32x4.mul(s2pi, f32x4.add(one, f32x4.mul(kappa3, f32x4.mul(xB, xB))));
    const slopeC = f32x4.mul(s2pi, f32x4.add(one, f32x4.mul(kappa3, f32x4.mul(xC, xC))));
    const slopeD = f32x4.mul(s2pi, f32x4.add(one, f32x4.mul(kappa3, f32x4.mul(xD, xD))));
    const dA = f32x4.add(sA, f32x4.mul(f32x4.mul(f32x4.add(xA, xA), bellA), slopeA));
    const dB = f32x4.add(sB, f32x4.mul(f32x4.mul(f32x4.add(xB, xB), bellB), slopeB));
    const dC = f32x4.add(sC, f32x4.mul(f32x4.mul(f32x4.add(xC, xC), bellC), slopeC));
    const dD = f32x4.add(sD, f32x4.mul(f32x4.mul(f32x4.add(xD, xD), bellD), slopeD));
    v128.store(dst, times(v128.load(pg), v128.bitselect(sA, dA, f32x4.eq(bellA, ZERO))));
    v128.store(dst, times(v128.load(pg, 16), v128.bitselect(sB, dB, f32x4.eq(bellB, ZERO))), 16);
    v128.store(dst, times(v128.load(pg, 32), v128.bitselect(sC, dC, f32x4.eq(bellC, ZERO))), 32);
    v128.store(dst, times(v128.load(pg, 48), v128.bitselect(sD, dD, f32x4.eq(bellD, ZERO))), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const vA = twoU(xA, s2pi, kappa);
    const vB = twoU(xB, s2pi, kappa);
    const eA = expNeg(negAbs(vA, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(vB, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const rA = recip1p(eA, one);
    const rB = recip1p(eB, one);
    const sA = sigmoidOf(vA, eA, rA);
    const sB = sigmoidOf(vB, eB, rB);
    const bellA = f32x4.mul(f32x4.mul(eA, rA), rA);
    const bellB = f32x4.mul(f32x4.mul(eB, rB), rB);
    const slopeA = f32x4.mul(s2pi, f32x4.add(one, f32x4.mul(kappa3, f32x4.mul(xA, xA))));
    const slopeB = f32x4.mul(s2pi, f32x4.add(one, f32x4.mul(kappa3, f32x4.mul(xB, xB))));
    const dA = f32x4.add(sA, f32x4.mul(f32x4.mul(f32x4.add(xA, xA), bellA), slopeA));
    const dB = f32x4.add(sB, f32x4.mul(f32x4.mul(f32x4.add(xB, xB), bellB), slopeB));
    v128.store(dst, times(v128.load(pg), v128.bitselect(sA, dA, f32x4.eq(bellA, ZERO))));
    v128.store(dst, times(v128.load(pg, 16), v128.bitselect(sB, dB, f32x4.eq(bellB, ZERO))), 16);
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
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const millsP = m(10);
  const invSqrt2pi = m(11);
  const negHalf = m(12);
  const end = p + ((<usize>n) << 2);
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    const phiX = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(x, x)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const phiY = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(y, y)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const phiZ = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(z, z)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const phiW = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(w, w)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const cdfX = normalCdf(x, phiX, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const cdfY = normalCdf(y, phiY, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const cdfZ = normalCdf(z, phiZ, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const cdfW = normalCdf(w, phiW, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    v128.store(dst, v128.andnot(f32x4.mul(x, cdfX), f32x4.eq(cdfX, ZERO)));
    v128.store(dst, v128.andnot(f32x4.mul(y, cdfY), f32x4.eq(cdfY, ZERO)), 16);
    v128.store(dst, v128.andnot(f32x4.mul(z, cdfZ), f32x4.eq(cdfZ, ZERO)), 32);
    v128.store(dst, v128.andnot(f32x4.mul(w, cdfW), f32x4.eq(cdfW, ZERO)), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const phiX = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(x, x)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const phiY = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(y, y)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const cdfX = normalCdf(x, phiX, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const cdfY = normalCdf(y, phiY, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    v128.store(dst, v128.andnot(f32x4.mul(x, cdfX), f32x4.eq(cdfX, ZERO)));
    v128.store(dst, v128.andnot(f32x4.mul(y, cdfY), f32x4.eq(cdfY, ZERO)), 16);
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
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const millsP = m(10);
  const invSqrt2pi = m(11);
  const negHalf = m(12);
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const xC = v128.load(px, 32);
    const xD = v128.load(px, 48);
    const phiA = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(xA, xA)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const phiB = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(xB, xB)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const phiC = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(xC, xC)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const phiD = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(xD, xD)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const cdfA = normalCdf(xA, phiA, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const cdfB = normalCdf(xB, phiB, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const cdfC = normalCdf(xC, phiC, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const cdfD = normalCdf(xD, phiD, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const dA = v128.bitselect(cdfA, f32x4.add(cdfA, f32x4.mul(xA, phiA)), f32x4.eq(phiA, ZERO));
    const dB = v128.bitselect(cdfB, f32x4.add(cdfB, f32x4.mul(xB, phiB)), f32x4.eq(phiB, ZERO));
    const dC = v128.bitselect(cdfC, f32x4.add(cdfC, f32x4.mul(xC, phiC)), f32x4.eq(phiC, ZERO));
    const dD = v128.bitselect(cdfD, f32x4.add(cdfD, f32x4.mul(xD, phiD)), f32x4.eq(phiD, ZERO));
    v128.store(dst, times(v128.load(pg), dA));
    v128.store(dst, times(v128.load(pg, 16), dB), 16);
    v128.store(dst, times(v128.load(pg, 32), dC), 32);
    v128.store(dst, times(v128.load(pg, 48), dD), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const phiA = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(xA, xA)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const phiB = f32x4.mul(
      invSqrt2pi,
      expNeg(f32x4.mul(negHalf, f32x4.mul(xB, xB)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one),
    );
    const cdfA = normalCdf(xA, phiA, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const cdfB = normalCdf(xB, phiB, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, millsP, one);
    const dA = v128.bitselect(cdfA, f32x4.add(cdfA, f32x4.mul(xA, phiA)), f32x4.eq(phiA, ZERO));
    const dB = v128.bitselect(cdfB, f32x4.add(cdfB, f32x4.mul(xB, phiB)), f32x4.eq(phiB, ZERO));
    v128.store(dst, times(v128.load(pg), dA));
    v128.store(dst, times(v128.load(pg, 16), dB), 16);
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
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const kk = f32x4.splat(<f32>k);
  const ss = f64x2.splat(s);
  const unit = s === 1;
  const end = p + ((<usize>n) << 2);
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    const mx = expm1Neg(f32x4.pmin(x, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const my = expm1Neg(f32x4.pmin(y, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const mz = expm1Neg(f32x4.pmin(z, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const mw = expm1Neg(f32x4.pmin(w, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const px = unit ? x : mulViaF64(x, ss);
    const py = unit ? y : mulViaF64(y, ss);
    const pz = unit ? z : mulViaF64(z, ss);
    const pw = unit ? w : mulViaF64(w, ss);
    v128.store(dst, v128.bitselect(px, f32x4.mul(kk, mx), f32x4.gt(x, ZERO)));
    v128.store(dst, v128.bitselect(py, f32x4.mul(kk, my), f32x4.gt(y, ZERO)), 16);
    v128.store(dst, v128.bitselect(pz, f32x4.mul(kk, mz), f32x4.gt(z, ZERO)), 32);
    v128.store(dst, v128.bitselect(pw, f32x4.mul(kk, mw), f32x4.gt(w, ZERO)), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const mx = expm1Neg(f32x4.pmin(x, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const my = expm1Neg(f32x4.pmin(y, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const px = unit ? x : mulViaF64(x, ss);
    const py = unit ? y : mulViaF64(y, ss);
    v128.store(dst, v128.bitselect(px, f32x4.mul(kk, mx), f32x4.gt(x, ZERO)));
    v128.store(dst, v128.bitselect(py, f32x4.mul(kk, my), f32x4.gt(y, ZERO)), 16);
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
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const kk = f32x4.splat(<f32>k);
  const ss = f64x2.splat(s);
  const unit = s === 1;
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const xC = v128.load(px, 32);
    const xD = v128.load(px, 48);
    const gA = v128.load(pg);
    const gB = v128.load(pg, 16);
    const gC = v128.load(pg, 32);
    const gD = v128.load(pg, 48);
    const negA = times(
      gA,
      f32x4.mul(kk, expNeg(f32x4.pmin(xA, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one)),
    );
    const negB = times(
      gB,
      f32x4.mul(kk, expNeg(f32x4.pmin(xB, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one)),
    );
    const negC = times(
      gC,
      f32x4.mul(kk, expNeg(f32x4.pmin(xC, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one)),
    );
    const negD = times(
      gD,
      f32x4.mul(kk, expNeg(f32x4.pmin(xD, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one)),
    );
    const posA = unit ? gA : mulViaF64(gA, ss);
    const posB = unit ? gB : mulViaF64(gB, ss);
    const posC = unit ? gC : mulViaF64(gC, ss);
    const posD = unit ? gD : mulViaF64(gD, ss);
    const yA = v128.bitselect(posA, negA, f32x4.gt(xA, ZERO));
    const yB = v128.bitselect(posB, negB, f32x4.gt(xB, ZERO));
    const yC = v128.bitselect(posC, negC, f32x4.gt(xC, ZERO));
    const yD = v128.bitselect(posD, negD, f32x4.gt(xD, ZERO));
    v128.store(dst, v128.bitselect(xA, yA, f32x4.ne(xA, xA)));
    v128.store(dst, v128.bitselect(xB, yB, f32x4.ne(xB, xB)), 16);
    v128.store(dst, v128.bitselect(xC, yC, f32x4.ne(xC, xC)), 32);
    v128.store(dst, v128.bitselect(xD, yD, f32x4.ne(xD, xD)), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const gA = v128.load(pg);
    const gB = v128.load(pg, 16);
    const negA = times(
      gA,
      f32x4.mul(kk, expNeg(f32x4.pmin(xA, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one)),
    );
    const negB = times(
      gB,
      f32x4.mul(kk, expNeg(f32x4.pmin(xB, ZERO), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one)),
    );
    const posA = unit ? gA : mulViaF64(gA, ss);
    const posB = unit ? gB : mulViaF64(gB, ss);
    const yA = v128.bitselect(posA, negA, f32x4.gt(xA, ZERO));
    const yB = v128.bitselect(posB, negB, f32x4.gt(xB, ZERO));
    v128.store(dst, v128.bitselect(xA, yA, f32x4.ne(xA, xA)));
    v128.store(dst, v128.bitselect(xB, yB, f32x4.ne(xB, xB)), 16);
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
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const max = c(EXP_MAX);
  const a = f32x4.splat(<f32>alpha);
  const end = p + ((<usize>n) << 2);
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    const ex = expm1_32(
      f32x4.div(f32x4.pmin(x, ZERO), a),
      l2e,
      rnd,
      lnh,
      lnl,
      q0,
      q1,
      q2,
      q3,
      q4,
      min,
      max,
      one,
    );
    const ey = expm1_32(
      f32x4.div(f32x4.pmin(y, ZERO), a),
      l2e,
      rnd,
      lnh,
      lnl,
      q0,
      q1,
      q2,
      q3,
      q4,
      min,
      max,
      one,
    );
    const ez = expm1_32(
      f32x4.div(f32x4.pmin(z, ZERO), a),
      l2e,
      rnd,
      lnh,
      lnl,
      q0,
      q1,
      q2,
      q3,
      q4,
      min,
      max,
      one,
    );
    const ew = expm1_32(
      f32x4.div(f32x4.pmin(w, ZERO), a),
      l2e,
      rnd,
      lnh,
      lnl,
      q0,
      q1,
      q2,
      q3,
      q4,
      min,
      max,
      one,
    );
    v128.store(dst, v128.bitselect(x, f32x4.mul(a, ex), f32x4.gt(x, ZERO)));
    v128.store(dst, v128.bitselect(y, f32x4.mul(a, ey), f32x4.gt(y, ZERO)), 16);
    v128.store(dst, v128.bitselect(z, f32x4.mul(a, ez), f32x4.gt(z, ZERO)), 32);
    v128.store(dst, v128.bitselect(w, f32x4.mul(a, ew), f32x4.gt(w, ZERO)), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const ex = expm1_32(
      f32x4.div(f32x4.pmin(x, ZERO), a),
      l2e,
      rnd,
      lnh,
      lnl,
      q0,
      q1,
      q2,
      q3,
      q4,
      min,
      max,
      one,
    );
    const ey = expm1_32(
      f32x4.div(f32x4.pmin(y, ZERO), a),
      l2e,
      rnd,
      lnh,
      lnl,
      q0,
      q1,
      q2,
      q3,
      q4,
      min,
      max,
      one,
    );
    v128.store(dst, v128.bitselect(x, f32x4.mul(a, ex), f32x4.gt(x, ZERO)));
    v128.store(dst, v128.bitselect(y, f32x4.mul(a, ey), f32x4.gt(y, ZERO)), 16);
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
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const max = c(EXP_MAX);
  const a = f32x4.splat(<f32>alpha);
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const xC = v128.load(px, 32);
    const xD = v128.load(px, 48);
    const gA = v128.load(pg);
    const gB = v128.load(pg, 16);
    const gC = v128.load(pg, 32);
    const gD = v128.load(pg, 48);
    const negA = times(
      gA,
      exp32(f32x4.div(f32x4.pmin(xA, ZERO), a), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, max, one),
    );
    const negB = times(
      gB,
      exp32(f32x4.div(f32x4.pmin(xB, ZERO), a), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, max, one),
    );
    const negC = times(
      gC,
      exp32(f32x4.div(f32x4.pmin(xC, ZERO), a), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, max, one),
    );
    const negD = times(
      gD,
      exp32(f32x4.div(f32x4.pmin(xD, ZERO), a), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, max, one),
    );
    const yA = v128.bitselect(gA, negA, f32x4.gt(xA, ZERO));
    const yB = v128.bitselect(gB, negB, f32x4.gt(xB, ZERO));
    const yC = v128.bitselect(gC, negC, f32x4.gt(xC, ZERO));
    const yD = v128.bitselect(gD, negD, f32x4.gt(xD, ZERO));
    v128.store(dst, v128.bitselect(xA, yA, f32x4.ne(xA, xA)));
    v128.store(dst, v128.bitselect(xB, yB, f32x4.ne(xB, xB)), 16);
    v128.store(dst, v128.bitselect(xC, yC, f32x4.ne(xC, xC)), 32);
    v128.store(dst, v128.bitselect(xD, yD, f32x4.ne(xD, xD)), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const gA = v128.load(pg);
    const gB = v128.load(pg, 16);
    const negA = times(
      gA,
      exp32(f32x4.div(f32x4.pmin(xA, ZERO), a), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, max, one),
    );
    const negB = times(
      gB,
      exp32(f32x4.div(f32x4.pmin(xB, ZERO), a), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, max, one),
    );
    const yA = v128.bitselect(gA, negA, f32x4.gt(xA, ZERO));
    const yB = v128.bitselect(gB, negB, f32x4.gt(xB, ZERO));
    v128.store(dst, v128.bitselect(xA, yA, f32x4.ne(xA, xA)));
    v128.store(dst, v128.bitselect(xB, yB, f32x4.ne(xB, xB)), 16);
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
  const top = c(EXP_TOP);
  const b = f32x4.splat(<f32>beta);
  const unit = beta === 1;
  const end = p + ((<usize>n) << 2);
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    const bx = unit ? x : f32x4.mul(b, x);
    const by = unit ? y : f32x4.mul(b, y);
    const bz = unit ? z : f32x4.mul(b, z);
    const bw = unit ? w : f32x4.mul(b, w);
    const ex = expNeg(negAbs(bx, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ey = expNeg(negAbs(by, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ez = expNeg(negAbs(bz, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ew = expNeg(negAbs(bw, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const lx0 = log1pUnit(ex, r0, r1, r2, r3);
    const ly0 = log1pUnit(ey, r0, r1, r2, r3);
    const lz0 = log1pUnit(ez, r0, r1, r2, r3);
    const lw0 = log1pUnit(ew, r0, r1, r2, r3);
    const lx = unit ? lx0 : f32x4.div(lx0, b);
    const ly = unit ? ly0 : f32x4.div(ly0, b);
    const lz = unit ? lz0 : f32x4.div(lz0, b);
    const lw = unit ? lw0 : f32x4.div(lw0, b);
    v128.store(dst, v128.bitselect(f32x4.add(x, lx), lx, nonNegative(bx)));
    v128.store(dst, v128.bitselect(f32x4.add(y, ly), ly, nonNegative(by)), 16);
    v128.store(dst, v128.bitselect(f32x4.add(z, lz), lz, nonNegative(bz)), 32);
    v128.store(dst, v128.bitselect(f32x4.add(w, lw), lw, nonNegative(bw)), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const bx = unit ? x : f32x4.mul(b, x);
    const by = unit ? y : f32x4.mul(b, y);
    const ex = expNeg(negAbs(bx, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ey = expNeg(negAbs(by, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const lx0 = log1pUnit(ex, r0, r1, r2, r3);
    const ly0 = log1pUnit(ey, r0, r1, r2, r3);
    const lx = unit ? lx0 : f32x4.div(lx0, b);
    const ly = unit ? ly0 : f32x4.div(ly0, b);
    v128.store(dst, v128.bitselect(f32x4.add(x, lx), lx, nonNegative(bx)));
    v128.store(dst, v128.bitselect(f32x4.add(y, ly), ly, nonNegative(by)), 16);
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
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const bxA = f32x4.mul(b, v128.load(px));
    const bxB = f32x4.mul(b, v128.load(px, 16));
    const bxC = f32x4.mul(b, v128.load(px, 32));
    const bxD = f32x4.mul(b, v128.load(px, 48));
    const sA = logistic(bxA, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const sB = logistic(bxB, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const sC = logistic(bxC, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const sD = logistic(bxD, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    v128.store(dst, times(v128.load(pg), sA));
    v128.store(dst, times(v128.load(pg, 16), sB), 16);
    v128.store(dst, times(v128.load(pg, 32), sC), 32);
    v128.store(dst, times(v128.load(pg, 48), sD), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const bxA = f32x4.mul(b, v128.load(px));
    const bxB = f32x4.mul(b, v128.load(px, 16));
    const sA = logistic(bxA, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    const sB = logistic(bxB, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one, sign);
    v128.store(dst, times(v128.load(pg), sA));
    v128.store(dst, times(v128.load(pg, 16), sB), 16);
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
  const top = c(EXP_TOP);
  const end = p + ((<usize>n) << 2);
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    const ex = expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ey = expNeg(negAbs(y, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ez = expNeg(negAbs(z, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ew = expNeg(negAbs(w, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const lx = log1pUnit(ex, r0, r1, r2, r3);
    const ly = log1pUnit(ey, r0, r1, r2, r3);
    const lz = log1pUnit(ez, r0, r1, r2, r3);
    const lw = log1pUnit(ew, r0, r1, r2, r3);
    v128.store(dst, f32x4.sub(f32x4.pmin(x, ZERO), lx));
    v128.store(dst, f32x4.sub(f32x4.pmin(y, ZERO), ly), 16);
    v128.store(dst, f32x4.sub(f32x4.pmin(z, ZERO), lz), 32);
    v128.store(dst, f32x4.sub(f32x4.pmin(w, ZERO), lw), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const ex = expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ey = expNeg(negAbs(y, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const lx = log1pUnit(ex, r0, r1, r2, r3);
    const ly = log1pUnit(ey, r0, r1, r2, r3);
    v128.store(dst, f32x4.sub(f32x4.pmin(x, ZERO), lx));
    v128.store(dst, f32x4.sub(f32x4.pmin(y, ZERO), ly), 16);
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
  const sign = c(SIGN);
  const top = c(EXP_TOP);
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const eA = expClamped(v128.load(px), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one);
    const eB = expClamped(v128.load(px, 16), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one);
    const eC = expClamped(v128.load(px, 32), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one);
    const eD = expClamped(v128.load(px, 48), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one);
    v128.store(dst, times(v128.load(pg), recip1p(eA, one)));
    v128.store(dst, times(v128.load(pg, 16), recip1p(eB, one)), 16);
    v128.store(dst, times(v128.load(pg, 32), recip1p(eC, one)), 32);
    v128.store(dst, times(v128.load(pg, 48), recip1p(eD, one)), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const eA = expClamped(v128.load(px), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one);
    const eB = expClamped(v128.load(px, 16), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, top, one);
    v128.store(dst, times(v128.load(pg), recip1p(eA, one)));
    v128.store(dst, times(v128.load(pg, 16), recip1p(eB, one)), 16);
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
  const top = c(EXP_TOP);
  const end = p + ((<usize>n) << 2);
  for (; p + 64 <= end; p += 64, dst += 64) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const z = v128.load(p, 32);
    const w = v128.load(p, 48);
    const ex = expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ey = expNeg(negAbs(y, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ez = expNeg(negAbs(z, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ew = expNeg(negAbs(w, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const px = f32x4.gt(x, ZERO);
    const py = f32x4.gt(y, ZERO);
    const pz = f32x4.gt(z, ZERO);
    const pw = f32x4.gt(w, ZERO);
    const tx = f32x4.div(mishNum(ex, px), mishDen(ex, px));
    const ty = f32x4.div(mishNum(ey, py), mishDen(ey, py));
    const tz = f32x4.div(mishNum(ez, pz), mishDen(ez, pz));
    const tw = f32x4.div(mishNum(ew, pw), mishDen(ew, pw));
    v128.store(dst, v128.andnot(f32x4.mul(x, tx), f32x4.eq(tx, ZERO)));
    v128.store(dst, v128.andnot(f32x4.mul(y, ty), f32x4.eq(ty, ZERO)), 16);
    v128.store(dst, v128.andnot(f32x4.mul(z, tz), f32x4.eq(tz, ZERO)), 32);
    v128.store(dst, v128.andnot(f32x4.mul(w, tw), f32x4.eq(tw, ZERO)), 48);
  }
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const ex = expNeg(negAbs(x, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const ey = expNeg(negAbs(y, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const px = f32x4.gt(x, ZERO);
    const py = f32x4.gt(y, ZERO);
    const tx = f32x4.div(mishNum(ex, px), mishDen(ex, px));
    const ty = f32x4.div(mishNum(ey, py), mishDen(ey, py));
    v128.store(dst, v128.andnot(f32x4.mul(x, tx), f32x4.eq(tx, ZERO)));
    v128.store(dst, v128.andnot(f32x4.mul(y, ty), f32x4.eq(ty, ZERO)), 16);
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
  const top = c(EXP_TOP);
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const xC = v128.load(px, 32);
    const xD = v128.load(px, 48);
    const eA = expNeg(negAbs(xA, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(xB, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eC = expNeg(negAbs(xC, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eD = expNeg(negAbs(xD, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const posA = f32x4.gt(xA, ZERO);
    const posB = f32x4.gt(xB, ZERO);
    const posC = f32x4.gt(xC, ZERO);
    const posD = f32x4.gt(xD, ZERO);
    const denA = mishDen(eA, posA);
    const denB = mishDen(eB, posB);
    const denC = mishDen(eC, posC);
    const denD = mishDen(eD, posD);
    const invA = f32x4.div(ONE, denA);
    const invB = f32x4.div(ONE, denB);
    const invC = f32x4.div(ONE, denC);
    const invD = f32x4.div(ONE, denD);
    const tA = f32x4.mul(mishNum(eA, posA), invA);
    const tB = f32x4.mul(mishNum(eB, posB), invB);
    const tC = f32x4.mul(mishNum(eC, posC), invC);
    const tD = f32x4.mul(mishNum(eD, posD), invD);
    const e2A = f32x4.mul(eA, eA);
    const e2B = f32x4.mul(eB, eB);
    const e2C = f32x4.mul(eC, eC);
    const e2D = f32x4.mul(eD, eD);
    const oneMinusTA = f32x4.mul(v128.bitselect(f32x4.add(e2A, e2A), TWO, posA), invA);
    const oneMinusTB = f32x4.mul(v128.bitselect(f32x4.add(e2B, e2B), TWO, posB), invB);
    const oneMinusTC = f32x4.mul(v128.bitselect(f32x4.add(e2C, e2C), TWO, posC), invC);
    const oneMinusTD = f32x4.mul(v128.bitselect(f32x4.add(e2D, e2D), TWO, posD), invD);
    const rA = recip1p(eA, one);
    const rB = recip1p(eB, one);
    const rC = recip1p(eC, one);
    const rD = recip1p(eD, one);
    const sA = sigmoidOf(xA, eA, rA);
    const sB = sigmoidOf(xB, eB, rB);
    const sC = sigmoidOf(xC, eC, rC);
    const sD = sigmoidOf(xD, eD, rD);
    const gateA = f32x4.mul(f32x4.mul(oneMinusTA, f32x4.add(ONE, tA)), sA);
    const gateB = f32x4.mul(f32x4.mul(oneMinusTB, f32x4.add(ONE, tB)), sB);
    const gateC = f32x4.mul(f32x4.mul(oneMinusTC, f32x4.add(ONE, tC)), sC);
    const gateD = f32x4.mul(f32x4.mul(oneMinusTD, f32x4.add(ONE, tD)), sD);
    const dA = v128.bitselect(tA, f32x4.add(tA, f32x4.mul(xA, gateA)), f32x4.eq(gateA, ZERO));
    const dB = v128.bitselect(tB, f32x4.add(tB, f32x4.mul(xB, gateB)), f32x4.eq(gateB, ZERO));
    const dC = v128.bitselect(tC, f32x4.add(tC, f32x4.mul(xC, gateC)), f32x4.eq(gateC, ZERO));
    const dD = v128.bitselect(tD, f32x4.add(tD, f32x4.mul(xD, gateD)), f32x4.eq(gateD, ZERO));
    v128.store(dst, times(v128.load(pg), dA));
    v128.store(dst, times(v128.load(pg, 16), dB), 16);
    v128.store(dst, times(v128.load(pg, 32), dC), 32);
    v128.store(dst, times(v128.load(pg, 48), dD), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const xA = v128.load(px);
    const xB = v128.load(px, 16);
    const eA = expNeg(negAbs(xA, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const eB = expNeg(negAbs(xB, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const posA = f32x4.gt(xA, ZERO);
    const posB = f32x4.gt(xB, ZERO);
    const denA = mishDen(eA, posA);
    const denB = mishDen(eB, posB);
    const invA = f32x4.div(ONE, denA);
    const invB = f32x4.div(ONE, denB);
    const tA = f32x4.mul(mishNum(eA, posA), invA);
    const tB = f32x4.mul(mishNum(eB, posB), invB);
    const e2A = f32x4.mul(eA, eA);
    const e2B = f32x4.mul(eB, eB);
    const oneMinusTA = f32x4.mul(v128.bitselect(f32x4.add(e2A, e2A), TWO, posA), invA);
    const oneMinusTB = f32x4.mul(v128.bitselect(f32x4.add(e2B, e2B), TWO, posB), invB);
    const rA = recip1p(eA, one);
    const rB = recip1p(eB, one);
    const sA = sigmoidOf(xA, eA, rA);
    const sB = sigmoidOf(xB, eB, rB);
    const gateA = f32x4.mul(f32x4.mul(oneMinusTA, f32x4.add(ONE, tA)), sA);
    const gateB = f32x4.mul(f32x4.mul(oneMinusTB, f32x4.add(ONE, tB)), sB);
    const dA = v128.bitselect(tA, f32x4.add(tA, f32x4.mul(xA, gateA)), f32x4.eq(gateA, ZERO));
    const dB = v128.bitselect(tB, f32x4.add(tB, f32x4.mul(xB, gateB)), f32x4.eq(gateB, ZERO));
    v128.store(dst, times(v128.load(pg), dA));
    v128.store(dst, times(v128.load(pg, 16), dB), 16);
  }
}

// ---- softsign ----------------------------------------------------------------------------------------

/** x/(1 + |x|), ±1 at ±∞. */
export function softsignF32(p: usize, dst: usize, n: i32): void {
  const end = p + ((<usize>n) << 2);
  for (; p < end; p += 32, dst += 32) {
    const x = v128.load(p);
    const y = v128.load(p, 16);
    const ax = abs32(x);
    const ay = abs32(y);
    const qx = f32x4.div(x, f32x4.add(ONE, ax));
    const qy = f32x4.div(y, f32x4.add(ONE, ay));
    v128.store(dst, v128.bitselect(withSignOf(ONE, x), qx, f32x4.eq(ax, INF)));
    v128.store(dst, v128.bitselect(withSignOf(ONE, y), qy, f32x4.eq(ay, INF)), 16);
  }
}

/** g/(1 + |x|)², as the square of the reciprocal (which underflows gently). */
export function softsignGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const end = px + ((<usize>n) << 2);
  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {
    const rA = recip1p(abs32(v128.load(px)));
    const rB = recip1p(abs32(v128.load(px, 16)));
    const rC = recip1p(abs32(v128.load(px, 32)));
    const rD = recip1p(abs32(v128.load(px, 48)));
    v128.store(dst, times(v128.load(pg), f32x4.mul(rA, rA)));
    v128.store(dst, times(v128.load(pg, 16), f32x4.mul(rB, rB)), 16);
    v128.store(dst, times(v128.load(pg, 32), f32x4.mul(rC, rC)), 32);
    v128.store(dst, times(v128.load(pg, 48), f32x4.mul(rD, rD)), 48);
  }
  for (; px < end; px += 32, pg += 32, dst += 32) {
    const rA = recip1p(abs32(v128.load(px)));
    const rB = recip1p(abs32(v128.load(px, 16)));
    v128.store(dst, times(v128.load(pg), f32x4.mul(rA, rA)));
    v128.store(dst, times(v128.load(pg, 16), f32x4.mul(rB, rB)), 16);
  }
}
