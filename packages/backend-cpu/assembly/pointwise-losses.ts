// The pointwise losses that have no kernel of their own in losses.ts, one loop for all of them (but
// log-cosh's gradient, at the end): targets at pt, predictions at py, as there. A loss's term (and its derivative) is a lane function below,
// chosen per step by `kind` (a branch every step goes the same way, so it costs next to nothing beside
// the terms). Terms are float64, as the reference's: its arithmetic exactly (the margin losses, MAPE,
// Poisson's gradient), its logs to ~5e-12 (log64), or, for log-cosh, float32 exp and log1p polynomials
// (a few ulps; every term is ≥ 0, so the sum keeps that relative error).

import { fold, twoSumError, upstreamHi, upstreamLo } from './loss-sums';
import {
  c,
  EPS_D,
  EXP_MIN,
  expm1Neg,
  HUNDRED_D,
  INF_D,
  k64,
  LN2_D,
  LN2_HI,
  LN2_LO,
  LOG2E,
  log1pUnit,
  log64,
  log64Positive,
  ONE_C,
  ONE_D,
  Q0,
  ROUND,
  r,
  SIGN,
  SIGN_D,
  TWO_D,
  withSignOf,
  ZERO_D,
} from './math';
import { demote2, promoteHi, promoteLo } from './simd';

/**
 * `kind` of {@link pointwiseLossF32} and {@link pointwiseLossGradF32} (an argument after the pointers and
 * counts there, so that threads can split a gradient's call as any other elementwise one).
 */
export const HINGE = 0;
export const MAPE = 1;
export const POISSON = 2;
export const MSLE = 3;
export const LOG_COSH = 4;

/** Hinge flags: targets in {0, 1} mapped to 2t − 1; the squared hinge. */
export const BINARY_LABELS = 1;
export const SQUARED = 2;

const ONE32 = f32x4.splat(1);

/** Lanes where x is neither ±∞ nor NaN. */
function finite64(x: v128): v128 {
  return f64x2.lt(f64x2.abs(x), k64(INF_D));
}

/** All-ones (a NaN) where `mask` is clear, `v` where it is set. */
function orNaN(v: v128, mask: v128): v128 {
  return v128.or(v, v128.not(mask));
}

/** The targets the hinge losses use: t, or 2t − 1 (exact) for binary labels. */
function hingeTarget(t: v128, flags: i32): v128 {
  return flags & BINARY_LABELS ? f64x2.sub(f64x2.add(t, t), k64(ONE_D)) : t;
}

// ---- terms ------------------------------------------------------------------------------------------

/** max(0, 1 − t·y), squared for the squared hinge; NaN stays NaN. */
function hingeTerm(t: v128, y: v128, flags: i32): v128 {
  // pmax keeps a NaN first operand, and 1 − t·y is never −0
  const m = f64x2.pmax(f64x2.sub(k64(ONE_D), f64x2.mul(hingeTarget(t, flags), y)), k64(ZERO_D));
  return flags & SQUARED ? f64x2.mul(m, m) : m;
}

/** 100·|t − y| / max(|t|, 1e-7); 100 where t is ±∞ and y finite, NaN where y is not. */
function mapeTerm(t: v128, y: v128): v128 {
  const at = f64x2.abs(t);
  const v = f64x2.div(f64x2.mul(k64(HUNDRED_D), f64x2.abs(f64x2.sub(t, y))), f64x2.pmax(at, k64(EPS_D)));
  return v128.bitselect(orNaN(k64(HUNDRED_D), finite64(y)), v, f64x2.eq(at, k64(INF_D)));
}

/** y − t·log(y + 1e-7); +∞ where y is +∞ and t finite (the rate outgrows the log), NaN where t is not. */
function poissonTerm(t: v128, y: v128): v128 {
  const x = f64x2.add(y, k64(EPS_D));
  // y + 1e-7 is never 0 for a float32 y; a negative or NaN one makes the term NaN
  const v = v128.or(f64x2.sub(y, f64x2.mul(t, log64Positive(x))), f64x2.lt(x, k64(ZERO_D)));
  return v128.bitselect(orNaN(k64(INF_D), finite64(t)), v, f64x2.eq(y, k64(INF_D)));
}

/**
 * log((1 + y')/(1 + t')) for y' = max(y, 1e-7), t' = max(t, 1e-7): the reference's log1p(y') − log1p(t')
 * from one log of a ratio rounded once, so that close y and t keep the digits of their difference.
 */
function logRatio(t: v128, y: v128): v128 {
  const num = f64x2.add(k64(ONE_D), f64x2.pmax(y, k64(EPS_D)));
  return log64(f64x2.div(num, f64x2.add(k64(ONE_D), f64x2.pmax(t, k64(EPS_D)))));
}

function msleTerm(t: v128, y: v128): v128 {
  const d = logRatio(t, y);
  return f64x2.mul(d, d);
}

/**
 * The float32 part of log cosh a for a = |y − t| in four lanes, m = expm1(−a): log1p(m²/(2(1 + m))) where
 * `small` (a ≤ 1: cosh a − 1 without cancellation), else log1p((1 + m)²), to which the caller adds a − ln 2.
 */
function logCoshLog1p(
  a: v128,
  small: v128,
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
  sign: v128,
  r0: v128,
  r1: v128,
  r2: v128,
  r3: v128,
): v128 {
  const m = expm1Neg(v128.or(a, sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
  const e = f32x4.add(one, m);
  const u = v128.bitselect(f32x4.div(f32x4.mul(m, m), f32x4.add(e, e)), f32x4.mul(e, e), small);
  return log1pUnit(u, r0, r1, r2, r3);
}

/** log cosh a of two lanes from their float32 log1p part, `near` where a ≤ 1 (see logCoshLog1p). */
function logCoshHalf(lp: v128, a: v128, near: v128): v128 {
  return v128.bitselect(lp, f64x2.add(f64x2.sub(a, k64(LN2_D)), lp), near);
}

/**
 * The terms of n elements of the loss `kind`: summed into float64 (sum, carry) lanes added into acc (`sum` true; the
 * caller turns the sum into a mean), or rounded once into float32 over py.
 */
export function pointwiseLossF32(
  pt: usize,
  py: usize,
  n: i32,
  sum: bool,
  acc: usize,
  kind: i32,
  flags: i32,
): void {
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
  const r0 = r(0);
  const r1 = r(1);
  const r2 = r(2);
  const r3 = r(3);
  // two independent (sum, carry) pairs, so consecutive additions do not wait on one another
  let s0 = k64(ZERO_D);
  let c0 = k64(ZERO_D);
  let s1 = k64(ZERO_D);
  let c1 = k64(ZERO_D);
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16, pt += 16) {
    const t4 = v128.load(pt);
    const y4 = v128.load(py);
    const tl = promoteLo(t4);
    const th = promoteHi(t4);
    const yl = promoteLo(y4);
    const yh = promoteHi(y4);
    let a: v128;
    let b: v128;
    switch (kind) {
      case HINGE:
        a = hingeTerm(tl, yl, flags);
        b = hingeTerm(th, yh, flags);
        break;
      case MAPE:
        a = mapeTerm(tl, yl);
        b = mapeTerm(th, yh);
        break;
      case POISSON:
        a = poissonTerm(tl, yl);
        b = poissonTerm(th, yh);
        break;
      case MSLE:
        a = msleTerm(tl, yl);
        b = msleTerm(th, yh);
        break;
      default: {
        const al = f64x2.abs(f64x2.sub(yl, tl));
        const ah = f64x2.abs(f64x2.sub(yh, th));
        const a4 = demote2(al, ah);
        const small = f32x4.le(a4, one);
        const lp = logCoshLog1p(
          a4,
          small,
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
          one,
          sign,
          r0,
          r1,
          r2,
          r3,
        );
        a = logCoshHalf(promoteLo(lp), al, i64x2.extend_low_i32x4_s(small));
        b = logCoshHalf(promoteHi(lp), ah, i64x2.extend_high_i32x4_s(small));
      }
    }
    if (sum) {
      const ta = f64x2.add(s0, a);
      c0 = f64x2.add(c0, twoSumError(s0, a, ta));
      s0 = ta;
      const tb = f64x2.add(s1, b);
      c1 = f64x2.add(c1, twoSumError(s1, b, tb));
      s1 = tb;
    } else {
      v128.store(py, demote2(a, b));
    }
  }
  if (sum) {
    fold(acc, s0, c0);
    fold(acc, s1, c1);
  }
}

// ---- gradients --------------------------------------------------------------------------------------

/**
 * g·∂hinge/∂y: g·(−t) where the margin 1 − t·y is positive, g·0 elsewhere; squared, −2·g·t·m there and
 * +0 elsewhere (the reference multiplies g in first); NaN where the margin is NaN.
 */
function hingeGrad(t: v128, y: v128, g: v128, flags: i32): v128 {
  const tt = hingeTarget(t, flags);
  const m = f64x2.sub(k64(ONE_D), f64x2.mul(tt, y));
  const inside = f64x2.gt(m, k64(ZERO_D));
  const v =
    flags & SQUARED
      ? v128.and(f64x2.mul(f64x2.mul(f64x2.mul(f64x2.neg(k64(TWO_D)), g), tt), m), inside)
      : f64x2.mul(g, v128.and(f64x2.neg(tt), inside));
  return v128.or(v, f64x2.ne(m, m));
}

/** g·100·sign(y − t) / max(|t|, 1e-7), Math.sign's signed zeros and NaN kept. */
function mapeGrad(t: v128, y: v128, g: v128): v128 {
  const d = f64x2.sub(y, t);
  const s = v128.or(
    v128.or(v128.and(k64(ONE_D), f64x2.ne(d, k64(ZERO_D))), v128.and(d, k64(SIGN_D))),
    f64x2.ne(d, d),
  );
  return f64x2.mul(g, f64x2.div(f64x2.mul(k64(HUNDRED_D), s), f64x2.pmax(f64x2.abs(t), k64(EPS_D))));
}

/** g·(1 − t/(y + 1e-7)). */
function poissonGrad(t: v128, y: v128, g: v128): v128 {
  return f64x2.mul(g, f64x2.sub(k64(ONE_D), f64x2.div(t, f64x2.add(y, k64(EPS_D)))));
}

/**
 * g·2·log((1 + y)/(1 + t'))/(1 + y); the loss is flat below y = 1e-7 (0 there, NaN for a NaN t) and
 * its slope tends to 0 at y = +∞ (NaN where t' is not finite).
 */
function msleGrad(t: v128, y: v128, g: v128): v128 {
  let d = f64x2.div(f64x2.mul(k64(TWO_D), logRatio(t, y)), f64x2.add(k64(ONE_D), y));
  d = v128.bitselect(v128.and(t, f64x2.ne(t, t)), d, f64x2.lt(y, k64(EPS_D)));
  d = v128.andnot(d, v128.and(f64x2.eq(y, k64(INF_D)), finite64(f64x2.pmax(t, k64(EPS_D)))));
  return f64x2.mul(g, d);
}

/**
 * g·∂loss/∂y for the losses but log-cosh (its own loop below), written over py; g is the scale `g`, or
 * per element at pg (`perElement`).
 */
export function pointwiseLossGradF32(
  pt: usize,
  py: usize,
  pg: usize,
  n: i32,
  g: f64,
  perElement: bool,
  kind: i32,
  flags: i32,
): void {
  const gs = f64x2.splat(g);
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16, pt += 16, pg += 16) {
    const t4 = v128.load(pt);
    const y4 = v128.load(py);
    const tl = promoteLo(t4);
    const th = promoteHi(t4);
    const yl = promoteLo(y4);
    const yh = promoteHi(y4);
    const gl = upstreamLo(pg, gs, perElement);
    const gh = upstreamHi(pg, gs, perElement);
    let a: v128;
    let b: v128;
    switch (kind) {
      case HINGE:
        a = hingeGrad(tl, yl, gl, flags);
        b = hingeGrad(th, yh, gh, flags);
        break;
      case MAPE:
        a = mapeGrad(tl, yl, gl);
        b = mapeGrad(th, yh, gh);
        break;
      case POISSON:
        a = poissonGrad(tl, yl, gl);
        b = poissonGrad(th, yh, gh);
        break;
      default:
        a = msleGrad(tl, yl, gl);
        b = msleGrad(th, yh, gh);
    }
    v128.store(py, demote2(a, b));
  }
}

/** Whether all n float32 at p (whole vectors) are 0 or 1, the labels hinge losses map to −1 and 1. */
export function binaryLabelsF32(p: usize, n: i32): bool {
  let all = v128.not(k64(ZERO_D));
  const zero = f32x4.splat(0);
  const end = p + ((<usize>n) << 2);
  for (; p < end; p += 16) {
    const v = v128.load(p);
    all = v128.and(all, v128.or(f32x4.eq(v, zero), f32x4.eq(v, ONE32)));
  }
  return i32x4.all_true(all);
}

export function expPoissonF32(pt: usize, py: usize, n: i32, acc: usize): void {
  let s0 = k64(ZERO_D);
  let c0 = k64(ZERO_D);
  let s1 = k64(ZERO_D);
  let c1 = k64(ZERO_D);
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16, pt += 16) {
    const t4 = v128.load(pt);
    const y4 = v128.load(py);
    const a = poissonTerm(promoteLo(t4), promoteLo(y4));
    const b = poissonTerm(promoteHi(t4), promoteHi(y4));
    const ta = f64x2.add(s0, a);
    c0 = f64x2.add(c0, twoSumError(s0, a, ta));
    s0 = ta;
    const tb = f64x2.add(s1, b);
    c1 = f64x2.add(c1, twoSumError(s1, b, tb));
    s1 = tb;
  }
  fold(acc, s0, c0);
  fold(acc, s1, c1);
}
export function expLogOnlyF32(py: usize, n: i32): void {
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16) {
    const y4 = v128.load(py);
    v128.store(py, demote2(log64(promoteLo(y4)), log64(promoteHi(y4))));
  }
}

/**
 * g·tanh(y − t), log-cosh's gradient, written over py, all in float32: y − t rounds once either way, tanh
 * is the tanh kernel's (−m/(2 + m) for m = expm1(−2|d|), signed; a few ulps), and the scale `g` rounded
 * to float32 adds half an ulp. Its own loop, interleaved (see smooth.ts), as the exp makes it latency-bound.
 */
export function logCoshGradF32(pt: usize, py: usize, pg: usize, n: i32, g: f64, perElement: bool): void {
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
  const gs = f32x4.splat(<f32>g);
  const end = py + ((<usize>n) << 2);
  // @interleave
  for (; py < end; py += 16, pt += 16, pg += 16) {
    const d = f32x4.sub(v128.load(py), v128.load(pt));
    const m = expm1Neg(v128.or(f32x4.add(d, d), sign), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min, one);
    const th = withSignOf(f32x4.div(v128.xor(m, sign), f32x4.add(m, two)), d, sign);
    v128.store(py, f32x4.mul(perElement ? v128.load(pg) : gs, th));
  }
}
