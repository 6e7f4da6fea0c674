// softmax and logSoftmax along the last axis, float32: rows of c contiguous elements, four rows at a time.
// A lane of the vectors here is a row: element k of rows r…r+3 is gathered into one vector, so the row
// maxima, exponentials and sums are plain lane arithmetic however short the rows are (10 classes do not
// fill vectors along the row). The caller pads the row count to a multiple of 4 with copies of a row.
// Sums are float64, as the reference's (compensated) sums are float64.

import { EXP_MIN, expNeg, c as k, LN2_HI, LN2_LO, LOG2E, Q0, ROUND } from './math';
import { columnsAndMax, demote2, gather, promoteHi as high, scatter } from './simd';

const ZERO64 = f64x2.splat(0);
const ONE64 = f64x2.splat(1);

/** 1/s for float64 row sums (lanes 0–1 in lo, 2–3 in hi), rounded to float32. */
function reciprocal(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(
    f32x4.demote_f64x2_zero(f64x2.div(ONE64, lo)),
    f32x4.demote_f64x2_zero(f64x2.div(ONE64, hi)),
    0,
    1,
    4,
    5,
  );
}

/**
 * softmax of `rows` rows of `n` elements at p, into dst (which may be p): e^(x − max) over their float64
 * sum. A +∞ entry makes its row NaN (∞ − ∞), −∞ entries get 0, as in the reference. Each group of four
 * rows is gathered once into columns at `t` (n vectors), computed there with whole-vector loads and
 * stores, and scattered once.
 */
export function softmaxRowsF32(p: usize, dst: usize, t: usize, rows: i32, n: i32): void {
  const l2e = k(LOG2E);
  const rnd = k(ROUND);
  const lnh = k(LN2_HI);
  const lnl = k(LN2_LO);
  const q0 = k(Q0);
  const q1 = k(Q0 + 1);
  const q2 = k(Q0 + 2);
  const q3 = k(Q0 + 3);
  const q4 = k(Q0 + 4);
  const min = k(EXP_MIN);
  const bytes = (<usize>n) << 2;
  const end = t + ((<usize>n) << 4);
  for (let r = 0; r < rows; r += 4) {
    const m = columnsAndMax(p + <usize>r * bytes, bytes, t, 16);
    let lo = ZERO64;
    let hi = ZERO64;
    for (let q = t; q < end; q += 16) {
      const e = expNeg(f32x4.sub(v128.load(q), m), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min);
      v128.store(q, e);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(e));
      hi = f64x2.add(hi, high(e));
    }
    const inv = reciprocal(lo, hi);
    const da = dst + <usize>r * bytes;
    for (let off: usize = 0, q = t; off < bytes; off += 4, q += 16) {
      scatter(da, da + bytes, da + 2 * bytes, da + 3 * bytes, off, f32x4.mul(v128.load(q), inv));
    }
  }
}

/**
 * The gradient of softmax for rows of x at px and upstream g at pg, into dst (which may be px, not pg):
 * y·(g − Σ g·y) with y = softmax(x), which is recomputed into dst first.
 */
export function softmaxGradRowsF32(px: usize, pg: usize, dst: usize, pt: usize, rows: i32, n: i32): void {
  softmaxRowsF32(px, dst, pt, rows, n);
  const bytes = (<usize>n) << 2;
  for (let r = 0; r < rows; r += 4) {
    const a = dst + <usize>r * bytes;
    const b = a + bytes;
    const c = b + bytes;
    const d = c + bytes;
    const ga = pg + <usize>r * bytes;
    const gb = ga + bytes;
    const gc = gb + bytes;
    const gd = gc + bytes;
    let lo = ZERO64;
    let hi = ZERO64;
    for (let off: usize = 0; off < bytes; off += 4) {
      const y = gather(a, b, c, d, off);
      const g = gather(ga, gb, gc, gd, off);
      // g·y of two float32 is exact in float64
      const yl = f64x2.promote_low_f32x4(y);
      const yh = f64x2.promote_low_f32x4(i32x4.shuffle(y, y, 2, 3, 2, 3));
      lo = f64x2.add(lo, f64x2.mul(f64x2.promote_low_f32x4(g), yl));
      hi = f64x2.add(hi, f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(g, g, 2, 3, 2, 3)), yh));
    }
    // y·(g − Σ g·y) in float64, rounded once (g and the dot product may cancel)
    for (let off: usize = 0; off < bytes; off += 4) {
      const y = gather(a, b, c, d, off);
      const g = gather(ga, gb, gc, gd, off);
      const rl = f64x2.mul(f64x2.promote_low_f32x4(y), f64x2.sub(f64x2.promote_low_f32x4(g), lo));
      const rh = f64x2.mul(high(y), f64x2.sub(high(g), hi));
      scatter(a, b, c, d, off, demote2(rl, rh));
    }
  }
}

// log for the row sums s ≥ 1: s = 2^e·m with m in [√2/2, √2), log m = 2·atanh((m − 1)/(m + 1)) =
// 2u + u³·R(u²), |u| ≤ 0.1716; relative error of the fit 8e-10
const L0 = f32x4.splat(0.6666677594184875);
const L1 = f32x4.splat(0.39977526664733887);
const L2 = f32x4.splat(0.2987216114997864);
const LN2 = f64x2.splat(Math.LN2);

/** log of float64 row sums s ≥ 1 (lanes 0–1 in lo, 2–3 in hi) as float32: exponent in float64, mantissa in float32. */
function logSums(lo: v128, hi: v128): v128 {
  const s = i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
  // exponent and mantissa of the float32 sum, the mantissa moved to [√2/2, √2)
  const bits = i32x4.sub(s, i32x4.splat(0x3f3504f3));
  const e = i32x4.shr_s(bits, 23);
  const m = i32x4.add(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f3504f3));
  const one = f32x4.splat(1);
  const u = f32x4.div(f32x4.sub(m, one), f32x4.add(m, one));
  const z = f32x4.mul(u, u);
  let q = f32x4.add(f32x4.mul(L2, z), L1);
  q = f32x4.add(f32x4.mul(q, z), L0);
  const lm = f32x4.add(f32x4.add(u, u), f32x4.mul(f32x4.mul(u, z), q));
  const ef = f32x4.convert_i32x4_s(e);
  const el = f64x2.mul(f64x2.promote_low_f32x4(ef), LN2);
  const eh = f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(ef, ef, 2, 3, 2, 3)), LN2);
  const le = i32x4.shuffle(f32x4.demote_f64x2_zero(el), f32x4.demote_f64x2_zero(eh), 0, 1, 4, 5);
  return f32x4.add(le, lm);
}

/**
 * logSoftmax of rows at p, into dst (which may be p): x − max − log Σ e^(x − max), NaN for rows with NaN
 * or +∞.
 */
export function logSoftmaxRowsF32(p: usize, dst: usize, t: usize, rows: i32, n: i32): void {
  const l2e = k(LOG2E);
  const rnd = k(ROUND);
  const lnh = k(LN2_HI);
  const lnl = k(LN2_LO);
  const q0 = k(Q0);
  const q1 = k(Q0 + 1);
  const q2 = k(Q0 + 2);
  const q3 = k(Q0 + 3);
  const q4 = k(Q0 + 4);
  const min = k(EXP_MIN);
  const inf = f32x4.splat(Infinity);
  const bytes = (<usize>n) << 2;
  const end = t + ((<usize>n) << 4);
  for (let r = 0; r < rows; r += 4) {
    const m = columnsAndMax(p + <usize>r * bytes, bytes, t, 16);
    let lo = ZERO64;
    let hi = ZERO64;
    for (let q = t; q < end; q += 16) {
      const e = expNeg(f32x4.sub(v128.load(q), m), l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(e));
      hi = f64x2.add(hi, high(e));
    }
    // a +∞ max has its own term e^(∞ − ∞) = NaN, which spreads over the row as in the reference
    const logSum = v128.or(logSums(lo, hi), f32x4.eq(m, inf));
    const da = dst + <usize>r * bytes;
    for (let off: usize = 0, q = t; off < bytes; off += 4, q += 16) {
      const y = f32x4.sub(f32x4.sub(v128.load(q), m), logSum);
      scatter(da, da + bytes, da + 2 * bytes, da + 3 * bytes, off, y);
    }
  }
}

/**
 * The gradient of logSoftmax, into dst (which may be px, not pg): g − softmax(x)·Σ g. The reference takes
 * e^y of its logSoftmax, which is softmax in float64; softmax recomputed directly (into dst first) is a
 * few ulps closer than e^y of a float32 y, whose rounding e^ magnifies by |y|.
 */
export function logSoftmaxGradRowsF32(px: usize, pg: usize, dst: usize, pt: usize, rows: i32, n: i32): void {
  softmaxRowsF32(px, dst, pt, rows, n);
  const bytes = (<usize>n) << 2;
  for (let r = 0; r < rows; r += 4) {
    const a = dst + <usize>r * bytes;
    const b = a + bytes;
    const c = b + bytes;
    const d = c + bytes;
    const ga = pg + <usize>r * bytes;
    const gb = ga + bytes;
    const gc = gb + bytes;
    const gd = gc + bytes;
    let lo = ZERO64;
    let hi = ZERO64;
    for (let off: usize = 0; off < bytes; off += 4) {
      const g = gather(ga, gb, gc, gd, off);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(g));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(g, g, 2, 3, 2, 3)));
    }
    // g − p·Σg in float64, rounded once: in float32 the product's rounding shows where g and p·Σg cancel
    for (let off: usize = 0; off < bytes; off += 4) {
      const p = gather(a, b, c, d, off);
      const g = gather(ga, gb, gc, gd, off);
      const rl = f64x2.sub(f64x2.promote_low_f32x4(g), f64x2.mul(f64x2.promote_low_f32x4(p), lo));
      const rh = f64x2.sub(high(g), f64x2.mul(high(p), hi));
      scatter(a, b, c, d, off, demote2(rl, rh));
    }
  }
}
