// Pointwise regression losses on float32 inputs: targets at pt, predictions at py. Terms are computed in
// float64 as the reference computes them (differences and products of float32 are exact or rounded alike
// there), then either summed into float64 (sum, carry) lanes added into acc (`sum` true; the caller turns
// the sum into a mean) or rounded once into float32 over py (`sum` false: reduction 'none'). Gradients read
// the upstream gradient as one float64 scale `g` (reductions 'mean' and 'sum') or per element at pg
// (`perElement`), and write over py.

import { fold, twoSumError, upstreamHi, upstreamLo } from './loss-sums';
import { abs32, c, EXP_MIN, expNeg, LN2_HI, LN2_LO, LOG2E, l, log1pUnit, log32, Q0, ROUND, r } from './math';
import { demote2, promoteHi, promoteLo } from './simd';

const ZERO64 = f64x2.splat(0);
const HALF64 = f64x2.splat(0.5);
const TWO64 = f64x2.splat(2);
const ONE32 = f32x4.splat(1);
const ZERO32 = f32x4.splat(0);
const SIGN32 = f32x4.splat(-0.0);

// ---- meanSquaredError: (y − t)², gradient 2·g·(y − t) ---------------------------------------------------

function squared(d: v128): v128 {
  return f64x2.mul(d, d);
}

export function squaredErrorF32(pt: usize, py: usize, n: i32, sum: bool, acc: usize): void {
  const end = py + ((<usize>n) << 2);
  if (!sum) {
    for (; py < end; py += 16, pt += 16) {
      const t = v128.load(pt);
      const y = v128.load(py);
      v128.store(
        py,
        demote2(
          squared(f64x2.sub(promoteLo(y), promoteLo(t))),
          squared(f64x2.sub(promoteHi(y), promoteHi(t))),
        ),
      );
    }
    return;
  }
  // two independent (sum, carry) pairs, so consecutive additions do not wait on one another
  let s0 = ZERO64;
  let c0 = ZERO64;
  let s1 = ZERO64;
  let c1 = ZERO64;
  for (; py < end; py += 16, pt += 16) {
    const t = v128.load(pt);
    const y = v128.load(py);
    const a = squared(f64x2.sub(promoteLo(y), promoteLo(t)));
    const b = squared(f64x2.sub(promoteHi(y), promoteHi(t)));
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

export function squaredErrorGradF32(pt: usize, py: usize, pg: usize, n: i32, g: f64, perElement: bool): void {
  const gs = f64x2.splat(g);
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16, pt += 16, pg += 16) {
    const t = v128.load(pt);
    const y = v128.load(py);
    // the reference's order, (2·g)·(y − t): the derivative alone could overflow where the product does not
    const lo = f64x2.mul(
      f64x2.mul(TWO64, upstreamLo(pg, gs, perElement)),
      f64x2.sub(promoteLo(y), promoteLo(t)),
    );
    const hi = f64x2.mul(
      f64x2.mul(TWO64, upstreamHi(pg, gs, perElement)),
      f64x2.sub(promoteHi(y), promoteHi(t)),
    );
    v128.store(py, demote2(lo, hi));
  }
}

// ---- meanAbsoluteError: |y − t|, gradient g·sign(y − t) -------------------------------------------------

export function absoluteErrorF32(pt: usize, py: usize, n: i32, sum: bool, acc: usize): void {
  const end = py + ((<usize>n) << 2);
  if (!sum) {
    for (; py < end; py += 16, pt += 16) {
      const t = v128.load(pt);
      const y = v128.load(py);
      v128.store(
        py,
        demote2(
          f64x2.abs(f64x2.sub(promoteLo(y), promoteLo(t))),
          f64x2.abs(f64x2.sub(promoteHi(y), promoteHi(t))),
        ),
      );
    }
    return;
  }
  // two independent (sum, carry) pairs, so consecutive additions do not wait on one another
  let s0 = ZERO64;
  let c0 = ZERO64;
  let s1 = ZERO64;
  let c1 = ZERO64;
  for (; py < end; py += 16, pt += 16) {
    const t = v128.load(pt);
    const y = v128.load(py);
    const a = f64x2.abs(f64x2.sub(promoteLo(y), promoteLo(t)));
    const b = f64x2.abs(f64x2.sub(promoteHi(y), promoteHi(t)));
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

/**
 * g·sign(y − t): float32's y − t has the float64 difference's sign and zeros (subtraction never rounds
 * a nonzero difference to 0 or across it); NaN where y − t is NaN (a NaN, or ∞ − ∞).
 */
export function absoluteErrorGradF32(
  pt: usize,
  py: usize,
  pg: usize,
  n: i32,
  g: f64,
  perElement: bool,
): void {
  const gs = f32x4.splat(<f32>g);
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16, pt += 16, pg += 16) {
    const t = v128.load(pt);
    const y = v128.load(py);
    const up = perElement ? v128.load(pg) : gs;
    const d = f32x4.sub(y, t);
    // ±1 with d's sign, or d's signed zero (Math.sign keeps −0)
    const sign = v128.or(v128.and(ONE32, f32x4.ne(d, ZERO32)), v128.and(d, SIGN32));
    v128.store(py, v128.or(f32x4.mul(up, sign), f32x4.ne(d, d)));
  }
}

// ---- huber: ½d² for |d| ≤ δ, δ·(|d| − ½δ) beyond; gradient g·(d or δ·sign d) -------------------------------

function huberTerm(d: v128, delta: v128, halfDelta: v128): v128 {
  const a = f64x2.abs(d);
  const quadratic = f64x2.mul(f64x2.mul(HALF64, d), d);
  const linear = f64x2.mul(delta, f64x2.sub(a, halfDelta));
  // NaN fails a ≤ δ and takes the linear branch, which keeps it NaN
  return v128.bitselect(quadratic, linear, f64x2.le(a, delta));
}

export function huberF32(pt: usize, py: usize, n: i32, sum: bool, acc: usize, delta: f64): void {
  const dl = f64x2.splat(delta);
  const hd = f64x2.splat(0.5 * delta);
  const end = py + ((<usize>n) << 2);
  if (!sum) {
    for (; py < end; py += 16, pt += 16) {
      const t = v128.load(pt);
      const y = v128.load(py);
      v128.store(
        py,
        demote2(
          huberTerm(f64x2.sub(promoteLo(y), promoteLo(t)), dl, hd),
          huberTerm(f64x2.sub(promoteHi(y), promoteHi(t)), dl, hd),
        ),
      );
    }
    return;
  }
  // two independent (sum, carry) pairs, so consecutive additions do not wait on one another
  let s0 = ZERO64;
  let c0 = ZERO64;
  let s1 = ZERO64;
  let c1 = ZERO64;
  for (; py < end; py += 16, pt += 16) {
    const t = v128.load(pt);
    const y = v128.load(py);
    const a = huberTerm(f64x2.sub(promoteLo(y), promoteLo(t)), dl, hd);
    const b = huberTerm(f64x2.sub(promoteHi(y), promoteHi(t)), dl, hd);
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

/** d for |d| ≤ δ, δ·sign(d) beyond (NaN for NaN). */
function huberSlope(d: v128, delta: v128): v128 {
  const one = f64x2.splat(1);
  const sign = f64x2.sub(v128.and(one, f64x2.gt(d, ZERO64)), v128.and(one, f64x2.lt(d, ZERO64)));
  const linear = v128.or(f64x2.mul(delta, sign), f64x2.ne(d, d));
  return v128.bitselect(d, linear, f64x2.le(f64x2.abs(d), delta));
}

export function huberGradF32(
  pt: usize,
  py: usize,
  pg: usize,
  n: i32,
  g: f64,
  perElement: bool,
  delta: f64,
): void {
  const gs = f64x2.splat(g);
  const dl = f64x2.splat(delta);
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16, pt += 16, pg += 16) {
    const t = v128.load(pt);
    const y = v128.load(py);
    const lo = f64x2.mul(
      upstreamLo(pg, gs, perElement),
      huberSlope(f64x2.sub(promoteLo(y), promoteLo(t)), dl),
    );
    const hi = f64x2.mul(
      upstreamHi(pg, gs, perElement),
      huberSlope(f64x2.sub(promoteHi(y), promoteHi(t)), dl),
    );
    v128.store(py, demote2(lo, hi));
  }
}

// ---- binaryCrossentropy --------------------------------------------------------------------------------

const EPS64 = f64x2.splat(1e-7);
const ONE_MINUS_EPS64 = f64x2.splat(1 - 1e-7);
const ONE64 = f64x2.splat(1);
const HALF32 = f32x4.splat(0.5);
const ZERO32V = f32x4.splat(0);
const INF32 = f32x4.splat(Infinity);

/** The smoothed targets t·(1 − ls) + ½·ls in float64 (as the reference's), lanes 0–1 or 2–3. */
function smoothed(t: v128, keep: v128, shift: v128): v128 {
  return f64x2.add(f64x2.mul(t, keep), shift);
}

/** c·∞ with the reference's limit 0·∞ = 0. */
function timesInf(k: v128): v128 {
  return v128.andnot(f32x4.mul(k, INF32), f32x4.eq(k, ZERO32V));
}

/**
 * Binary cross-entropy terms: −(t·log p + (1 − t)·log(1 − p)) with p = y clipped to [1e-7, 1 − 1e-7] in
 * float64 (the clip and 1 − p are exact there, so the extreme terms are the reference's), logs in
 * float32; or from logits, max(z, 0) − z·t + log1p(e^−|z|) with the reference's limits at ±∞.
 * `ls` smooths the targets towards ½.
 */
export function binaryCrossentropyF32(
  pt: usize,
  py: usize,
  n: i32,
  sum: bool,
  acc: usize,
  logits: bool,
  ls: f64,
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
  const r0 = r(0);
  const r1 = r(1);
  const r2 = r(2);
  const r3 = r(3);
  const l0 = l(0);
  const l1 = l(1);
  const l2 = l(2);
  const keep = f64x2.splat(1 - ls);
  const shift = f64x2.splat(0.5 * ls);
  const smooth = ls !== 0;
  let s0 = ZERO64;
  let c0 = ZERO64;
  let s1 = ZERO64;
  let c1 = ZERO64;
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16, pt += 16) {
    const t0 = v128.load(pt);
    const y = v128.load(py);
    // the targets stay float64 (smoothed as the reference smooths them); the logs are float32, and
    // the rest is float64 so that z·t and the sum of the two parts round once
    const tl = smooth ? smoothed(promoteLo(t0), keep, shift) : promoteLo(t0);
    const th = smooth ? smoothed(promoteHi(t0), keep, shift) : promoteHi(t0);
    let a: v128;
    let b: v128;
    if (logits) {
      const e = expNeg(f32x4.neg(abs32(y)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min);
      const lp = log1pUnit(e, r0, r1, r2, r3);
      const zl = promoteLo(y);
      const zh = promoteHi(y);
      a = f64x2.add(f64x2.sub(f64x2.pmax(zl, ZERO64), f64x2.mul(zl, tl)), promoteLo(lp));
      b = f64x2.add(f64x2.sub(f64x2.pmax(zh, ZERO64), f64x2.mul(zh, th)), promoteHi(lp));
      // at ±∞ the loss grows like z·(1 − t) or −z·t; a vanishing coefficient gives 0, not ∞ − ∞
      const t = demote2(tl, th);
      const limit = v128.bitselect(timesInf(f32x4.sub(ONE32, t)), timesInf(t), f32x4.gt(y, ZERO32V));
      const inf = f32x4.eq(abs32(y), INF32);
      a = v128.bitselect(promoteLo(limit), a, promoteLo(inf));
      b = v128.bitselect(promoteHi(limit), b, promoteHi(inf));
    } else {
      const pl = f64x2.pmin(f64x2.pmax(promoteLo(y), EPS64), ONE_MINUS_EPS64);
      const ph = f64x2.pmin(f64x2.pmax(promoteHi(y), EPS64), ONE_MINUS_EPS64);
      const p = demote2(pl, ph);
      const q = demote2(f64x2.sub(ONE64, pl), f64x2.sub(ONE64, ph));
      const logP = log32(p, l0, l1, l2);
      // log(1 − p) as log1p(−p) below ½, where 1 − p would round away p's digits in float32
      const logQ = v128.bitselect(
        log1pUnit(f32x4.neg(p), r0, r1, r2, r3),
        log32(q, l0, l1, l2),
        f32x4.le(p, HALF32),
      );
      a = f64x2.neg(
        f64x2.add(f64x2.mul(tl, promoteLo(logP)), f64x2.mul(f64x2.sub(ONE64, tl), promoteLo(logQ))),
      );
      b = f64x2.neg(
        f64x2.add(f64x2.mul(th, promoteHi(logP)), f64x2.mul(f64x2.sub(ONE64, th), promoteHi(logQ))),
      );
      // NaN predictions stay NaN (the clip keeps them; the logs of their bits would not)
      const nan = f32x4.ne(y, y);
      a = v128.or(a, promoteLo(nan));
      b = v128.or(b, promoteHi(nan));
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

/**
 * g·∂loss/∂y in float64, as the reference: σ(z) − t from logits (σ in float32), else (y − t)/(y·(1 − y))
 * inside the clip and 0 outside it (NaN for a NaN target).
 */
export function binaryCrossentropyGradF32(
  pt: usize,
  py: usize,
  pg: usize,
  n: i32,
  g: f64,
  perElement: bool,
  logits: bool,
  ls: f64,
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
  const gs = f64x2.splat(g);
  const keep = f64x2.splat(1 - ls);
  const shift = f64x2.splat(0.5 * ls);
  const smooth = ls !== 0;
  const end = py + ((<usize>n) << 2);
  for (; py < end; py += 16, pt += 16, pg += 16) {
    const t0 = v128.load(pt);
    const y = v128.load(py);
    const tl = smooth ? smoothed(promoteLo(t0), keep, shift) : promoteLo(t0);
    const th = smooth ? smoothed(promoteHi(t0), keep, shift) : promoteHi(t0);
    let dl: v128;
    let dh: v128;
    if (logits) {
      const e = expNeg(f32x4.neg(abs32(y)), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min);
      const rr = f32x4.div(ONE32, f32x4.add(ONE32, e));
      const s = v128.bitselect(rr, f32x4.mul(e, rr), f32x4.ge(y, ZERO32V));
      dl = f64x2.sub(promoteLo(s), tl);
      dh = f64x2.sub(promoteHi(s), th);
    } else {
      dl = clippedSlope(promoteLo(y), tl);
      dh = clippedSlope(promoteHi(y), th);
    }
    const lo = f64x2.mul(upstreamLo(pg, gs, perElement), dl);
    const hi = f64x2.mul(upstreamHi(pg, gs, perElement), dh);
    v128.store(py, demote2(lo, hi));
  }
}

/** (y − t)/(y·(1 − y)) inside [1e-7, 1 − 1e-7]; outside, 0 (NaN for a NaN t); NaN y stays NaN. */
function clippedSlope(y: v128, t: v128): v128 {
  const inside = f64x2.div(f64x2.sub(y, t), f64x2.mul(y, f64x2.sub(ONE64, y)));
  const outside = v128.or(f64x2.lt(y, EPS64), f64x2.gt(y, ONE_MINUS_EPS64));
  return v128.bitselect(v128.and(t, f64x2.ne(t, t)), inside, outside);
}
