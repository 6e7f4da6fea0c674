// Piecewise-linear activations and their gradients, float32 (four lanes) and float64 (two lanes).
//
// Forward kernels read n elements at p and write them at dst; gradient kernels read x at px and the
// upstream gradient at pg and write at dst. dst may equal p (or pg): each vector is read before it is
// written. Loops take two vectors a step, so they may touch up to 32 bytes past n elements: the caller
// pads its blocks, or passes whole steps only.
//
// Every kernel reproduces the reference's float64 arithmetic and rounds once, so results are bitwise the
// reference's: clamps with float32-rounded bounds (rounding is monotone, so it commutes with min/max),
// thresholds placed on the float32 grid by the caller, products of float64 params through float64.

import { c as cst, ONE_C } from './math';
import { demote2, mulAs32At, nanMask32, nanMask64 } from './simd';

const ZERO32 = f32x4.splat(0);
const ZERO64 = f64x2.splat(0);

// ---- relu -------------------------------------------------------------------------------------------

// pmax is one instruction; it keeps NaN (x < 0 is false) and the + 0 turns −0 into +0 as Math.max does
export function reluF32(p: usize, dst: usize, n: i32): void {
  const end = p + ((<usize>n) << 2);
  for (; p < end; p += 32, dst += 32) {
    v128.store(dst, f32x4.add(f32x4.pmax(v128.load(p), ZERO32), ZERO32));
    v128.store(dst, f32x4.add(f32x4.pmax(v128.load(p, 16), ZERO32), ZERO32), 16);
  }
}

export function reluF64(p: usize, dst: usize, n: i32): void {
  const end = p + ((<usize>n) << 3);
  for (; p < end; p += 32, dst += 32) {
    v128.store(dst, f64x2.add(f64x2.pmax(v128.load(p), ZERO64), ZERO64));
    v128.store(dst, f64x2.add(f64x2.pmax(v128.load(p, 16), ZERO64), ZERO64), 16);
  }
}

/** g where x is in (lo, hi), x where x is NaN, else +0: the gradient of a clamp with slope 1 inside. */
function passBand32(x: v128, g: v128, lo: v128, hi: v128): v128 {
  const inside = v128.and(f32x4.ge(x, lo), f32x4.le(x, hi));
  return v128.or(v128.and(g, inside), v128.and(x, nanMask32(x)));
}

function passBand64(x: v128, g: v128, lo: v128, hi: v128): v128 {
  const inside = v128.and(f64x2.ge(x, lo), f64x2.le(x, hi));
  return v128.or(v128.and(g, inside), v128.and(x, nanMask64(x)));
}

/**
 * Gradient of a function with slope 1 for lo ≤ x ≤ hi and 0 elsewhere (NaN for NaN): relu, relu6,
 * hardTanh and thresholdedRelu, with their strict thresholds turned into inclusive float32 ones by the caller.
 */
export function passBandGradF32(px: usize, pg: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  const l = f32x4.splat(<f32>lo);
  const h = f32x4.splat(<f32>hi);
  const end = px + ((<usize>n) << 2);
  for (; px < end; px += 32, pg += 32, dst += 32) {
    v128.store(dst, passBand32(v128.load(px), v128.load(pg), l, h));
    v128.store(dst, passBand32(v128.load(px, 16), v128.load(pg, 16), l, h), 16);
  }
}

export function passBandGradF64(px: usize, pg: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  const l = f64x2.splat(lo);
  const h = f64x2.splat(hi);
  const end = px + ((<usize>n) << 3);
  for (; px < end; px += 32, pg += 32, dst += 32) {
    v128.store(dst, passBand64(v128.load(px), v128.load(pg), l, h));
    v128.store(dst, passBand64(v128.load(px, 16), v128.load(pg, 16), l, h), 16);
  }
}

// ---- clamps: relu6, hardTanh ------------------------------------------------------------------------

/** Clamp with pmin/pmax: one instruction each, keeping NaN (both comparisons are false). */
export const CLAMP_PLAIN = 0;
/** Clamp with the IEEE min/max, which order −0 below +0: for hi = −0, where pmin(+0, −0) would be +0. */
export const CLAMP_IEEE = 1;
/** lo = +0: pmin/pmax, then + 0 turns the −0 that pmax(−0, +0) keeps into +0, as Math.max gives. */
export const CLAMP_ZERO_FLOOR = 2;

/** min(max(x, lo), hi) as Math.min/Math.max, in the way `mode` (CLAMP_*) says. */
export function clampF32(p: usize, dst: usize, n: i32, lo: f64, hi: f64, mode: i32): void {
  const l = f32x4.splat(<f32>lo);
  const h = f32x4.splat(<f32>hi);
  const end = p + ((<usize>n) << 2);
  if (mode === CLAMP_IEEE) {
    for (; p < end; p += 32, dst += 32) {
      v128.store(dst, f32x4.min(f32x4.max(v128.load(p), l), h));
      v128.store(dst, f32x4.min(f32x4.max(v128.load(p, 16), l), h), 16);
    }
  } else if (mode === CLAMP_ZERO_FLOOR) {
    for (; p < end; p += 32, dst += 32) {
      v128.store(dst, f32x4.add(f32x4.pmin(f32x4.pmax(v128.load(p), l), h), ZERO32));
      v128.store(dst, f32x4.add(f32x4.pmin(f32x4.pmax(v128.load(p, 16), l), h), ZERO32), 16);
    }
  } else {
    for (; p < end; p += 32, dst += 32) {
      v128.store(dst, f32x4.pmin(f32x4.pmax(v128.load(p), l), h));
      v128.store(dst, f32x4.pmin(f32x4.pmax(v128.load(p, 16), l), h), 16);
    }
  }
}

export function clampF64(p: usize, dst: usize, n: i32, lo: f64, hi: f64, mode: i32): void {
  const l = f64x2.splat(lo);
  const h = f64x2.splat(hi);
  const end = p + ((<usize>n) << 3);
  if (mode === CLAMP_IEEE) {
    for (; p < end; p += 32, dst += 32) {
      v128.store(dst, f64x2.min(f64x2.max(v128.load(p), l), h));
      v128.store(dst, f64x2.min(f64x2.max(v128.load(p, 16), l), h), 16);
    }
  } else if (mode === CLAMP_ZERO_FLOOR) {
    for (; p < end; p += 32, dst += 32) {
      v128.store(dst, f64x2.add(f64x2.pmin(f64x2.pmax(v128.load(p), l), h), ZERO64));
      v128.store(dst, f64x2.add(f64x2.pmin(f64x2.pmax(v128.load(p, 16), l), h), ZERO64), 16);
    }
  } else {
    for (; p < end; p += 32, dst += 32) {
      v128.store(dst, f64x2.pmin(f64x2.pmax(v128.load(p), l), h));
      v128.store(dst, f64x2.pmin(f64x2.pmax(v128.load(p, 16), l), h), 16);
    }
  }
}

// ---- leakyRelu, rrelu (eval), prelu with one slope ----------------------------------------------------

/** Slope in (0, 1]: max(x, αx) is x for x > 0 and αx below; NaN stays (pmax keeps its first operand). */
export const LEAKY_MAX = 0;
/** Slope above 1: min(x, αx). */
export const LEAKY_MIN = 1;
/** Slope ≤ 0: a select on x > 0, with αx = 0 at −∞ when α = 0 (the limit, not 0·∞). */
export const LEAKY_SELECT = 2;

const NEG_INF32 = f32x4.splat(-Infinity);
const NEG_INF64 = f64x2.splat(-Infinity);

/** The leaky select of the four float32 at p. */
function leaky32(p: usize, a32: v128, a64: v128, exact: bool, mode: i32, zeroSlope: bool = false): v128 {
  const x = v128.load(p);
  const ax = mulAs32At(p, a32, a64, exact);
  if (mode === LEAKY_MAX) return f32x4.pmax(x, ax);
  if (mode === LEAKY_MIN) return f32x4.pmin(x, ax);
  // only a zero slope has the limit 0 at −∞ (a·x is NaN there); other slopes keep their ∓∞
  const limit = zeroSlope ? f32x4.eq(x, NEG_INF32) : ZERO32;
  return v128.bitselect(x, v128.andnot(ax, limit), f32x4.gt(x, ZERO32));
}

/** x > 0 ? x : α·x (see the LEAKY_* modes), α·x rounded as the reference rounds it. */
export function leakyReluF32(p: usize, dst: usize, n: i32, alpha: f64, mode: i32): void {
  const exact = <f64>(<f32>alpha) === alpha;
  const a32 = f32x4.splat(<f32>alpha);
  const a64 = f64x2.splat(alpha);
  const end = p + ((<usize>n) << 2);
  // one loop per mode and product kind, so the lane code has no branches
  if (mode === LEAKY_MAX) {
    if (exact) {
      for (; p < end; p += 32, dst += 32) {
        v128.store(dst, leaky32(p, a32, a64, true, LEAKY_MAX));
        v128.store(dst, leaky32(p + 16, a32, a64, true, LEAKY_MAX), 16);
      }
    } else {
      for (; p < end; p += 32, dst += 32) {
        v128.store(dst, leaky32(p, a32, a64, false, LEAKY_MAX));
        v128.store(dst, leaky32(p + 16, a32, a64, false, LEAKY_MAX), 16);
      }
    }
  } else if (mode === LEAKY_MIN) {
    if (exact) {
      for (; p < end; p += 32, dst += 32) {
        v128.store(dst, leaky32(p, a32, a64, true, LEAKY_MIN));
        v128.store(dst, leaky32(p + 16, a32, a64, true, LEAKY_MIN), 16);
      }
    } else {
      for (; p < end; p += 32, dst += 32) {
        v128.store(dst, leaky32(p, a32, a64, false, LEAKY_MIN));
        v128.store(dst, leaky32(p + 16, a32, a64, false, LEAKY_MIN), 16);
      }
    }
  } else {
    const zeroSlope = alpha === 0;
    if (exact) {
      for (; p < end; p += 32, dst += 32) {
        v128.store(dst, leaky32(p, a32, a64, true, LEAKY_SELECT, zeroSlope));
        v128.store(dst, leaky32(p + 16, a32, a64, true, LEAKY_SELECT, zeroSlope), 16);
      }
    } else {
      for (; p < end; p += 32, dst += 32) {
        v128.store(dst, leaky32(p, a32, a64, false, LEAKY_SELECT, zeroSlope));
        v128.store(dst, leaky32(p + 16, a32, a64, false, LEAKY_SELECT, zeroSlope), 16);
      }
    }
  }
}

export function leakyReluF64(p: usize, dst: usize, n: i32, alpha: f64, mode: i32): void {
  const a = f64x2.splat(alpha);
  const end = p + ((<usize>n) << 3);
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const ax = f64x2.mul(x, a);
    let y: v128;
    if (mode === LEAKY_MAX) y = f64x2.pmax(x, ax);
    else if (mode === LEAKY_MIN) y = f64x2.pmin(x, ax);
    else {
      const limit = v128.and(f64x2.eq(x, NEG_INF64), f64x2.eq(a, ZERO64));
      y = v128.bitselect(x, v128.andnot(ax, limit), f64x2.gt(x, ZERO64));
    }
    v128.store(dst, y);
  }
}

/**
 * Gradient of the leaky family: g for x > 0, g·α otherwise (+0 when α = 0, even for an infinite g),
 * NaN for NaN x.
 */
export function leakyReluGradF32(px: usize, pg: usize, dst: usize, n: i32, alpha: f64): void {
  const exact = <f64>(<f32>alpha) === alpha;
  const a32 = f32x4.splat(<f32>alpha);
  const a64 = f64x2.splat(alpha);
  const end = px + ((<usize>n) << 2);
  // one loop per kind of product, so the lanes have no branch
  if (alpha === 0) {
    for (; px < end; px += 32, pg += 32, dst += 32) {
      v128.store(dst, leakyGrad32(px, pg, a32, a64, true, true));
      v128.store(dst, leakyGrad32(px + 16, pg + 16, a32, a64, true, true), 16);
    }
  } else if (exact) {
    for (; px < end; px += 32, pg += 32, dst += 32) {
      v128.store(dst, leakyGrad32(px, pg, a32, a64, true, false));
      v128.store(dst, leakyGrad32(px + 16, pg + 16, a32, a64, true, false), 16);
    }
  } else {
    for (; px < end; px += 32, pg += 32, dst += 32) {
      v128.store(dst, leakyGrad32(px, pg, a32, a64, false, false));
      v128.store(dst, leakyGrad32(px + 16, pg + 16, a32, a64, false, false), 16);
    }
  }
}

/** The leaky gradient of the four float32 at px and pg (g·α as {@link mulAs32At}; 0 for a zero slope). */
function leakyGrad32(px: usize, pg: usize, a32: v128, a64: v128, exact: bool, zeroSlope: bool): v128 {
  const x = v128.load(px);
  const g = v128.load(pg);
  if (zeroSlope) return v128.or(v128.and(g, f32x4.gt(x, ZERO32)), v128.and(x, nanMask32(x)));
  const r = v128.bitselect(g, mulAs32At(pg, a32, a64, exact), f32x4.gt(x, ZERO32));
  return v128.bitselect(x, r, nanMask32(x));
}

export function leakyReluGradF64(px: usize, pg: usize, dst: usize, n: i32, alpha: f64): void {
  const a = f64x2.splat(alpha);
  const end = px + ((<usize>n) << 3);
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const g = v128.load(pg);
    const ga = alpha === 0 ? ZERO64 : f64x2.mul(g, a);
    const r = v128.bitselect(g, ga, f64x2.gt(x, ZERO64));
    v128.store(dst, v128.bitselect(x, r, nanMask64(x)));
  }
}

// ---- thresholdedRelu ----------------------------------------------------------------------------------

/** x where x ≥ t or NaN, else +0 (t: the first float32 above the threshold, placed by the caller). */
export function thresholdedReluF32(p: usize, dst: usize, n: i32, t: f64): void {
  const tt = f32x4.splat(<f32>t);
  const end = p + ((<usize>n) << 2);
  for (; p < end; p += 32, dst += 32) {
    let x = v128.load(p);
    v128.store(dst, v128.andnot(x, f32x4.lt(x, tt)));
    x = v128.load(p, 16);
    v128.store(dst, v128.andnot(x, f32x4.lt(x, tt)), 16);
  }
}

export function thresholdedReluF64(p: usize, dst: usize, n: i32, alpha: f64): void {
  const a = f64x2.splat(alpha);
  const end = p + ((<usize>n) << 3);
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    v128.store(dst, v128.andnot(x, f64x2.le(x, a)));
  }
}

// ---- hardSigmoid -------------------------------------------------------------------------------------

/** The line as (x + β/α)·α, the reference's form when β/α is finite. */
export const LINE_SHIFT = 0;
/** The line as α·x + β. */
export const LINE_AFFINE = 1;

/** The line of hardSigmoid in float64 lanes, in the form `shift` says (see LINE_*). */
function line64(x: v128, a: v128, k: v128, shift: bool): v128 {
  return shift ? f64x2.mul(f64x2.add(x, k), a) : f64x2.add(f64x2.mul(x, a), k);
}

/** hardSigmoid of the four float32 at p: each half loaded on its own (a load, not a shuffle, per half). */
function hardSigmoid4(p: usize, a: v128, k: v128, one: v128, shift: bool): v128 {
  const zl = line64(f64x2.promote_low_f32x4(v128.load64_zero(p)), a, k, shift);
  const zh = line64(f64x2.promote_low_f32x4(v128.load64_zero(p, 8)), a, k, shift);
  return f32x4.add(f32x4.pmax(f32x4.pmin(demote2(zl, zh), one), ZERO32), ZERO32);
}

/**
 * max(0, min(1, line(x))) with the line in float64 ((x + s)·α or α·x + β, see LINE_*), rounded to
 * float32 once and clamped there (clamping commutes with the monotone rounding). One loop per form, so
 * the lanes have no branch (V8 does not hoist one out of the loop).
 */
export function hardSigmoidF32(p: usize, dst: usize, n: i32, alpha: f64, c: f64, mode: i32): void {
  const a = f64x2.splat(alpha);
  const k = f64x2.splat(c);
  const one = cst(ONE_C);
  const end = p + ((<usize>n) << 2);
  if (mode === LINE_SHIFT) {
    for (; p < end; p += 32, dst += 32) {
      v128.store(dst, hardSigmoid4(p, a, k, one, true));
      v128.store(dst, hardSigmoid4(p + 16, a, k, one, true), 16);
    }
  } else {
    for (; p < end; p += 32, dst += 32) {
      v128.store(dst, hardSigmoid4(p, a, k, one, false));
      v128.store(dst, hardSigmoid4(p + 16, a, k, one, false), 16);
    }
  }
}

export function hardSigmoidF64(p: usize, dst: usize, n: i32, alpha: f64, c: f64, mode: i32): void {
  const a = f64x2.splat(alpha);
  const k = f64x2.splat(c);
  const one = f64x2.splat(1);
  const end = p + ((<usize>n) << 3);
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const z = mode === LINE_SHIFT ? f64x2.mul(f64x2.add(x, k), a) : f64x2.add(f64x2.mul(x, a), k);
    v128.store(dst, f64x2.add(f64x2.pmax(f64x2.pmin(z, one), ZERO64), ZERO64));
  }
}

/** The constant c in every lane, NaN where x is NaN (a flat line: hardSigmoid with α = 0). */
export function constantF32(p: usize, dst: usize, n: i32, c: f64): void {
  const k = f32x4.splat(<f32>c);
  const end = p + ((<usize>n) << 2);
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    v128.store(dst, v128.bitselect(x, k, nanMask32(x)));
  }
}

export function constantF64(p: usize, dst: usize, n: i32, c: f64): void {
  const k = f64x2.splat(c);
  const end = p + ((<usize>n) << 3);
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    v128.store(dst, v128.bitselect(x, k, nanMask64(x)));
  }
}

/**
 * Gradient of a function with slope s for lo ≤ x ≤ hi and 0 elsewhere (hardSigmoid): g·s rounded as the
 * reference rounds it inside, +0 outside, NaN for NaN x.
 */
export function bandGradF32(px: usize, pg: usize, dst: usize, n: i32, lo: f64, hi: f64, s: f64): void {
  const s32 = f32x4.splat(<f32>s);
  const s64 = f64x2.splat(s);
  const l = f32x4.splat(<f32>lo);
  const h = f32x4.splat(<f32>hi);
  const end = px + ((<usize>n) << 2);
  if (<f64>(<f32>s) === s) {
    for (; px < end; px += 32, pg += 32, dst += 32) {
      v128.store(dst, bandGrad32(px, pg, l, h, s32, s64, true));
      v128.store(dst, bandGrad32(px + 16, pg + 16, l, h, s32, s64, true), 16);
    }
  } else {
    for (; px < end; px += 32, pg += 32, dst += 32) {
      v128.store(dst, bandGrad32(px, pg, l, h, s32, s64, false));
      v128.store(dst, bandGrad32(px + 16, pg + 16, l, h, s32, s64, false), 16);
    }
  }
}

function bandGrad32(px: usize, pg: usize, l: v128, h: v128, s32: v128, s64: v128, exact: bool): v128 {
  const x = v128.load(px);
  const gs = mulAs32At(pg, s32, s64, exact);
  const inside = v128.and(f32x4.ge(x, l), f32x4.le(x, h));
  return v128.or(v128.and(gs, inside), v128.and(x, nanMask32(x)));
}

/**
 * Gradient of hardSigmoid in float64: g·α where the line (see LINE_*) lies strictly inside (0, 1), +0
 * elsewhere and for α = 0, NaN for NaN x.
 */
export function hardSigmoidGradF64(
  px: usize,
  pg: usize,
  dst: usize,
  n: i32,
  alpha: f64,
  c: f64,
  mode: i32,
): void {
  const a = f64x2.splat(alpha);
  const k = f64x2.splat(c);
  const one = f64x2.splat(1);
  const flat = alpha === 0;
  const end = px + ((<usize>n) << 3);
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const z = mode === LINE_SHIFT ? f64x2.mul(f64x2.add(x, k), a) : f64x2.add(f64x2.mul(x, a), k);
    const inside = flat ? ZERO64 : v128.and(f64x2.gt(z, ZERO64), f64x2.lt(z, one));
    const r = v128.and(f64x2.mul(v128.load(pg), a), inside);
    v128.store(dst, v128.or(r, v128.and(x, nanMask64(x))));
  }
}

// ---- hardSwish ----------------------------------------------------------------------------------------

const THREE64 = f64x2.splat(3);
const SIX64 = f64x2.splat(6);
const HALF64 = f64x2.splat(0.5);

/** x·(x + 3)/6 in float64: the product is exact for float32 x, the division rounds as the reference's. */
function swishMid(x: v128): v128 {
  return f64x2.div(f64x2.mul(x, f64x2.add(x, THREE64)), SIX64);
}

/** 0 below −3, x above 3, x·(x + 3)/6 between; NaN stays NaN (it takes the middle branch). */
export function hardSwishF32(p: usize, dst: usize, n: i32): void {
  const m3 = f32x4.splat(-3);
  const p3 = f32x4.splat(3);
  const end = p + ((<usize>n) << 2);
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const lo = swishMid(f64x2.promote_low_f32x4(x));
    const hi = swishMid(f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3)));
    const mid = i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
    v128.store(dst, v128.bitselect(x, v128.andnot(mid, f32x4.lt(x, m3)), f32x4.gt(x, p3)));
  }
}

export function hardSwishF64(p: usize, dst: usize, n: i32): void {
  const m3 = f64x2.splat(-3);
  const end = p + ((<usize>n) << 3);
  for (; p < end; p += 16, dst += 16) {
    const x = v128.load(p);
    const y = v128.bitselect(x, v128.andnot(swishMid(x), f64x2.lt(x, m3)), f64x2.gt(x, THREE64));
    v128.store(dst, y);
  }
}

/** g·(x/3 + 1/2) in float64, +0 where that slope is 0 (x = −1.5), so an infinite g gives no NaN. */
function swishMidGrad(x: v128, g: v128): v128 {
  const d = f64x2.add(f64x2.div(x, THREE64), HALF64);
  return v128.andnot(f64x2.mul(g, d), f64x2.eq(d, ZERO64));
}

/** Gradient of hardSwish: 0 below −3, g above 3, g·(x/3 + 1/2) between, NaN for NaN. */
export function hardSwishGradF32(px: usize, pg: usize, dst: usize, n: i32): void {
  const m3 = f32x4.splat(-3);
  const p3 = f32x4.splat(3);
  const end = px + ((<usize>n) << 2);
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const g = v128.load(pg);
    const lo = swishMidGrad(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(g));
    const hi = swishMidGrad(
      f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3)),
      f64x2.promote_low_f32x4(i32x4.shuffle(g, g, 2, 3, 2, 3)),
    );
    const mid = i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
    v128.store(dst, v128.bitselect(g, v128.andnot(mid, f32x4.lt(x, m3)), f32x4.gt(x, p3)));
  }
}

export function hardSwishGradF64(px: usize, pg: usize, dst: usize, n: i32): void {
  const m3 = f64x2.splat(-3);
  const end = px + ((<usize>n) << 3);
  for (; px < end; px += 16, pg += 16, dst += 16) {
    const x = v128.load(px);
    const g = v128.load(pg);
    const y = v128.bitselect(g, v128.andnot(swishMidGrad(x, g), f64x2.lt(x, m3)), f64x2.gt(x, THREE64));
    v128.store(dst, y);
  }
}

// ---- prelu --------------------------------------------------------------------------------------------

/**
 * prelu with a slope per element (the caller lays the broadcast slopes out at pa): x > 0 ? x : a·x,
 * 0 at −∞ for a zero slope. Inputs and slopes share the dtype, so a·x rounds once in it, as the reference's.
 */
export function preluF32(p: usize, pa: usize, n: i32): void {
  const end = p + ((<usize>n) << 2);
  for (; p < end; p += 16, pa += 16) {
    const x = v128.load(p);
    const a = v128.load(pa);
    const limit = v128.and(f32x4.eq(x, NEG_INF32), f32x4.eq(a, ZERO32));
    v128.store(p, v128.bitselect(x, v128.andnot(f32x4.mul(a, x), limit), f32x4.gt(x, ZERO32)));
  }
}

export function preluF64(p: usize, pa: usize, n: i32): void {
  const end = p + ((<usize>n) << 3);
  for (; p < end; p += 16, pa += 16) {
    const x = v128.load(p);
    const a = v128.load(pa);
    const limit = v128.and(f64x2.eq(x, NEG_INF64), f64x2.eq(a, ZERO64));
    v128.store(p, v128.bitselect(x, v128.andnot(f64x2.mul(a, x), limit), f64x2.gt(x, ZERO64)));
  }
}

/** g·x for x < 0 and NaN x (which poisons the slope's gradient, as in the reference), else 0. */
function slopeTerm(x: v128, g: v128): v128 {
  return v128.andnot(f64x2.mul(g, x), f64x2.ge(x, ZERO64));
}

/**
 * Gradients of prelu with one slope α: x's (as leakyRelu's) at dst, and Σ g·x over x < 0 (float64,
 * products exact for float32 inputs) per part of `part` elements, stored as (sum, carry) lane pairs, 32
 * bytes a part, from `partials` on; the caller adds the parts up in order (exactly), so the sum is the
 * same however the parts are shared out. Within a part the terms are summed plainly in four float64
 * lanes: a part's n ≤ 2²⁴ terms err by at most 2⁻³¹ of their Σ|g·x|, far below a float32 ulp of the result
 * unless the sum cancels to 10⁻⁶ of its terms; the two pairs of lanes are joined with their exact error.
 */
export function preluGradScalarF32(
  px: usize,
  pg: usize,
  dst: usize,
  n: i32,
  alpha: f64,
  partials: usize,
  part: i32,
): void {
  const a = f32x4.splat(<f32>alpha);
  const zeroSlope = alpha === 0;
  const last = px + ((<usize>n) << 2);
  for (; px < last; partials += 32) {
    const end = min(last, px + ((<usize>part) << 2));
    let s0 = ZERO64;
    let s1 = ZERO64;
    for (; px < end; px += 16, pg += 16, dst += 16) {
      const x = v128.load(px);
      const g = v128.load(pg);
      // the upper pairs loaded on their own rather than shuffled down: fewer instructions per vector
      s0 = f64x2.add(s0, slopeTerm(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(g)));
      s1 = f64x2.add(
        s1,
        slopeTerm(
          f64x2.promote_low_f32x4(v128.load64_zero(px, 8)),
          f64x2.promote_low_f32x4(v128.load64_zero(pg, 8)),
        ),
      );
      const ga = zeroSlope ? ZERO32 : f32x4.mul(g, a);
      const r = v128.bitselect(g, ga, f32x4.gt(x, ZERO32));
      v128.store(dst, v128.bitselect(x, r, nanMask32(x)));
    }
    // Knuth's two-sum: the error of s0 + s1, exact at any magnitudes
    const t = f64x2.add(s0, s1);
    const bp = f64x2.sub(t, s0);
    v128.store(partials, t);
    v128.store(partials, f64x2.add(f64x2.sub(s0, f64x2.sub(t, bp)), f64x2.sub(s1, bp)), 16);
  }
}

/** {@link preluGradScalarF32} in float64, with Neumaier's compensated sum within each part. */
export function preluGradScalarF64(
  px: usize,
  pg: usize,
  dst: usize,
  n: i32,
  alpha: f64,
  partials: usize,
  part: i32,
): void {
  const a = f64x2.splat(alpha);
  const zeroSlope = alpha === 0;
  const last = px + ((<usize>n) << 3);
  for (; px < last; partials += 32) {
    const end = min(last, px + ((<usize>part) << 3));
    let s0 = ZERO64;
    let c0 = ZERO64;
    for (; px < end; px += 16, pg += 16, dst += 16) {
      const x = v128.load(px);
      const g = v128.load(pg);
      const u = slopeTerm(x, g);
      const tu = f64x2.add(s0, u);
      const pu = f64x2.sub(tu, s0);
      c0 = f64x2.add(c0, f64x2.add(f64x2.sub(s0, f64x2.sub(tu, pu)), f64x2.sub(u, pu)));
      s0 = tu;
      const ga = zeroSlope ? ZERO64 : f64x2.mul(g, a);
      const r = v128.bitselect(g, ga, f64x2.gt(x, ZERO64));
      v128.store(dst, v128.bitselect(x, r, nanMask64(x)));
    }
    v128.store(partials, s0);
    v128.store(partials, c0, 16);
  }
}
