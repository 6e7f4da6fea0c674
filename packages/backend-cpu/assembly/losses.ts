// Pointwise regression losses on float32 inputs: targets at pt, predictions at py. Terms are computed in
// float64 as the reference computes them (differences and products of float32 are exact or rounded alike
// there), then either summed into float64 (sum, carry) lanes added into acc (`sum` true; the caller turns
// the sum into a mean) or rounded once into float32 over py (`sum` false: reduction 'none'). Gradients read
// the upstream gradient as one float64 scale `g` (reductions 'mean' and 'sum') or per element at pg
// (`perElement`), and write over py.

import { demote2, promoteHi, promoteLo } from './simd';

const ZERO64 = f64x2.splat(0);
const HALF64 = f64x2.splat(0.5);
const TWO64 = f64x2.splat(2);
const ONE32 = f32x4.splat(1);
const ZERO32 = f32x4.splat(0);
const SIGN32 = f32x4.splat(-0.0);

/**
 * Adds the terms to the (sum, carry) lane pairs at acc with Knuth's two-sum (an exact error term at any
 * magnitudes); the running sums stay in locals of the caller's loop, this only folds a loop's result in.
 */
function fold(acc: usize, s: v128, c: v128): void {
  const s0 = v128.load(acc);
  const t = f64x2.add(s0, s);
  const bp = f64x2.sub(t, s0);
  const e = f64x2.add(f64x2.sub(s0, f64x2.sub(t, bp)), f64x2.sub(s, bp));
  v128.store(acc, t);
  v128.store(acc, f64x2.add(f64x2.add(v128.load(acc, 16), c), e), 16);
}

/** The upstream gradient of two lanes: the scale, or the per-element values at pg. */
function upstreamLo(pg: usize, g: v128, perElement: bool): v128 {
  return perElement ? promoteLo(v128.load(pg)) : g;
}

function upstreamHi(pg: usize, g: v128, perElement: bool): v128 {
  return perElement ? promoteHi(v128.load(pg)) : g;
}

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
    const pa = f64x2.sub(ta, s0);
    c0 = f64x2.add(c0, f64x2.add(f64x2.sub(s0, f64x2.sub(ta, pa)), f64x2.sub(a, pa)));
    s0 = ta;
    const tb = f64x2.add(s1, b);
    const pb = f64x2.sub(tb, s1);
    c1 = f64x2.add(c1, f64x2.add(f64x2.sub(s1, f64x2.sub(tb, pb)), f64x2.sub(b, pb)));
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
    const pa = f64x2.sub(ta, s0);
    c0 = f64x2.add(c0, f64x2.add(f64x2.sub(s0, f64x2.sub(ta, pa)), f64x2.sub(a, pa)));
    s0 = ta;
    const tb = f64x2.add(s1, b);
    const pb = f64x2.sub(tb, s1);
    c1 = f64x2.add(c1, f64x2.add(f64x2.sub(s1, f64x2.sub(tb, pb)), f64x2.sub(b, pb)));
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
    const pa = f64x2.sub(ta, s0);
    c0 = f64x2.add(c0, f64x2.add(f64x2.sub(s0, f64x2.sub(ta, pa)), f64x2.sub(a, pa)));
    s0 = ta;
    const tb = f64x2.add(s1, b);
    const pb = f64x2.sub(tb, s1);
    c1 = f64x2.add(c1, f64x2.add(f64x2.sub(s1, f64x2.sub(tb, pb)), f64x2.sub(b, pb)));
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
