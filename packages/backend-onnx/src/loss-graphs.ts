import type { Reduction } from '@rectify/core';
import { firstFloat32 } from '@rectify/core';
import type { GraphBuilder, Value } from './graph.js';
import { floatTypeOf } from './helpers.js';
import { lossUpstream } from './losses.js';

/*
 * Graph pieces the loss kernels share. ONNX Runtime quirks they work around (checked on onnxruntime-node
 * 1.30 CPU, float32 and float64):
 * - ReduceMax and ReduceMin drop NaN in some lanes and keep it in others, so no result depends on them
 *   seeing a NaN: every max feeds a sum (or a select) that carries the NaN on.
 * - Sigmoid flushes its tails to 0 (float32 sigmoid(−20) = 0, float64 sigmoid(−40) = 0), so it is composed.
 * - Elementwise Max, Min, Sign and Where keep NaN; ReduceSum of an empty tensor is 0; ReduceMax of an empty
 *   axis is −∞.
 */

/** The clip bound of the probability losses. */
export const EPS = 1e-7;

/** TensorProto.DataType code of int64, for Cast. */
export const INT64 = 7;

/**
 * Thresholds compared the way the float64 reference compares them: in a float32 graph a constant like
 * 1e-7 rounds to a different float32, which would move the decision by one value. The float32 graph
 * compares against the first float32 for which the float64 test holds instead (NaN fails every test).
 */
export function lessThan(b: GraphBuilder, x: Value, c: number): Value {
  if (b.dtype === 'float64') return b.less(x, b.scalar(c));
  return b.less(x, b.scalar(firstFloat32((v) => v >= c)));
}

/** `x ≤ c` with the float64 reference's decision (see {@link lessThan}). */
export function atMost(b: GraphBuilder, x: Value, c: number): Value {
  if (b.dtype === 'float64') return b.lessOrEqual(x, b.scalar(c));
  return b.less(x, b.scalar(firstFloat32((v) => v > c)));
}

/** `x > c` with the float64 reference's decision (see {@link lessThan}). */
export function greaterThan(b: GraphBuilder, x: Value, c: number): Value {
  if (b.dtype === 'float64') return b.greater(x, b.scalar(c));
  return b.greaterOrEqual(x, b.scalar(firstFloat32((v) => v > c)));
}

/** `x ≥ c` with the float64 reference's decision (see {@link lessThan}). */
export function atLeastThreshold(b: GraphBuilder, x: Value, c: number): Value {
  if (b.dtype === 'float64') return b.greaterOrEqual(x, b.scalar(c));
  return b.greaterOrEqual(x, b.scalar(firstFloat32((v) => v >= c)));
}

/** Whether x is finite (neither ±∞ nor NaN). */
export function finite(b: GraphBuilder, x: Value): Value {
  return b.not(b.or(b.op('IsInf', [x]), b.isNaN(x)));
}

/** A tensor shaped like `like` filled with NaN (fill takes a scalar; NaN is a fine one). */
export const nanLike = (b: GraphBuilder, like: Value): Value => b.fill(like, Number.NaN);

/**
 * log(1 + x) to a few ulps (ONNX has no Log1p). Kahan's trick: with u = fl(1 + x), log(u)·x/(u − 1)
 * cancels the rounding of u. u = 1 gives x itself; u = +∞ (x = +∞) would be ∞/∞, so it gives ∞.
 */
export function log1p(b: GraphBuilder, x: Value): Value {
  const one = b.scalar(1);
  const u = b.add(x, one);
  const corrected = b.mul(b.log(u), b.div(x, b.sub(u, one)));
  const infinite = b.equal(u, b.scalar(Number.POSITIVE_INFINITY));
  return b.where(b.equal(u, one), x, b.where(infinite, u, corrected));
}

/** 1/(1 + e^(−x)) exponentiating only −|x| (ONNX Runtime's Sigmoid flushes the tails to 0). NaN stays NaN. */
export function sigmoid(b: GraphBuilder, x: Value): Value {
  const e = b.exp(b.neg(b.abs(x)));
  const onePlus = b.add(e, b.scalar(1));
  return b.where(b.greaterOrEqual(x, b.scalar(0)), b.div(b.scalar(1), onePlus), b.div(e, onePlus));
}

/** max(x, 0) keeping NaN (a select: 0 only where x < 0). */
export function positivePart(b: GraphBuilder, x: Value): Value {
  return b.where(b.less(x, b.scalar(0)), b.scalar(0), x);
}

/** `value`, but 0 where `cut` — or NaN there where `t` is NaN, as the references cut a clipped gradient. */
export function cutGradient(b: GraphBuilder, cut: Value, t: Value, value: Value): Value {
  return b.where(cut, b.where(b.isNaN(t), t, b.scalar(0)), value);
}

/** Ones where `cond` holds, zeros elsewhere, in the graph's float type. */
export function indicator(b: GraphBuilder, cond: Value): Value {
  return b.op('Cast', [cond], { to: { int: floatTypeOf(b) } });
}

// Per-sample losses: lanes along `axis` (any rank, negative axes allowed).

/** Where a per-sample loss's lanes lie: the catalog axis, and the same axis as Reduce and Unsqueeze take it. */
export interface Lanes {
  /** The axis as given (negative counts from the end). */
  readonly axis: number;
  /**
   * The axis as a non-negative 1-D int64 tensor: ONNX Runtime 1.30 skips a reduction over a negative
   * axis of an empty tensor (ReduceSum of a [2, 0] tensor over axis −1 returns it unreduced). Constant
   * when the rank is known, else computed from the shape at run time.
   */
  readonly axes: Value;
}

/** The {@link Lanes} of `like` (yPred) along `axis`; `rank` is undefined when exporting for any rank. */
export function lanesOf(b: GraphBuilder, like: Value, axis: number, rank: number | undefined): Lanes {
  if (axis >= 0) return { axis, axes: b.int64s([axis]) };
  if (rank !== undefined) return { axis, axes: b.int64s([axis + rank]) };
  const r = b.op('Size', [b.op('Shape', [like])]);
  return { axis, axes: b.add(b.int64s([axis]), r) };
}

/** Σ along the lanes. */
export const sumLanes = (b: GraphBuilder, x: Value, lanes: Lanes, keepdims: boolean): Value =>
  b.op('ReduceSum', [x, lanes.axes], { keepdims: { int: keepdims ? 1 : 0 } });

/** max along the lanes, kept (−∞ for empty lanes; may drop a NaN, see the top of this file). */
export const maxLanes = (b: GraphBuilder, x: Value, lanes: Lanes): Value =>
  b.op('ReduceMax', [x, lanes.axes], { keepdims: { int: 1 } });

/** A per-sample tensor with the lane axis put back (size 1), to broadcast against the lanes. */
export const unsqueezeLanes = (b: GraphBuilder, x: Value, lanes: Lanes): Value =>
  b.op('Unsqueeze', [x, lanes.axes]);

/** The lane length C, as a scalar of the graph's float type. */
export function laneLength(b: GraphBuilder, x: Value, lanes: Lanes): Value {
  const c = b.op('Gather', [b.op('Shape', [x]), b.constant('int64', [lanes.axis], [])]);
  return b.op('Cast', [c], { to: { int: floatTypeOf(b) } });
}

/**
 * The upstream each lane receives, broadcastable against the lanes: the per-sample upstream with the
 * lane axis put back for 'none'; `g` or `g / n` over the samples for 'sum' and 'mean' (`kept` is any
 * per-sample tensor with the axis kept, to count and shape them).
 */
export function laneUpstream(
  b: GraphBuilder,
  upstream: Value,
  reduction: Reduction,
  lanes: Lanes,
  kept: Value,
): Value {
  if (reduction === 'none') return unsqueezeLanes(b, upstream, lanes);
  return lossUpstream(b, upstream, reduction, kept);
}

/**
 * The one-hot targets of class indices `labels` (int32 or float), laid along `axis` of `like`: each label,
 * with the axis put back, compared with the class index of every position (a cumulative count along the
 * axis). ONNX Runtime's OneHot has no double kernel, and this needs no rank.
 */
export function oneHot(b: GraphBuilder, labels: Value, like: Value, lanes: Lanes): Value {
  const ones = b.op('Expand', [b.constant('int64', [1], []), b.op('Shape', [like])]);
  const position = b.op('CumSum', [ones, b.constant('int64', [lanes.axis], [])]);
  const label = unsqueezeLanes(b, b.op('Cast', [labels], { to: { int: INT64 } }), lanes);
  // the cumulative count is 1-based
  return indicator(b, b.equal(position, b.add(label, b.constant('int64', [1], []))));
}

/**
 * The lanes' sums S and the normalized q = y/S. Where S overflows although every entry is finite, q and
 * S are taken from y/m with m = max |y|: `scale` is m there and 1 elsewhere, so that S·scale is the true
 * sum. (A NaN anywhere in the lane makes S NaN, not ∞, whatever ReduceMax does with it.)
 */
export function normalizeLanes(b: GraphBuilder, y: Value, lanes: Lanes) {
  const plainSum = sumLanes(b, y, lanes, true);
  const m = maxLanes(b, b.abs(y), lanes);
  const overflow = b.and(b.op('IsInf', [plainSum]), finite(b, m));
  const scale = b.where(overflow, m, b.scalar(1));
  const scaled = b.div(y, scale);
  const s = b.where(overflow, sumLanes(b, scaled, lanes, true), plainSum);
  return { s, scale, q: b.div(scaled, s) };
}

/** clip(x, lo, hi) keeping NaN (ONNX Runtime's elementwise Max and Min keep it). */
export const clip = (b: GraphBuilder, x: Value, lo: number, hi: number): Value =>
  b.min(b.max(x, b.scalar(lo)), b.scalar(hi));

/** y − max along the lanes, and the max (kept). */
function shiftedLanes(b: GraphBuilder, y: Value, lanes: Lanes) {
  const m = maxLanes(b, y, lanes);
  return { m, shifted: b.sub(y, m) };
}

/**
 * Per-sample cross-entropy −Σ t·log p along `axis` (the axis removed), from probabilities (normalized to
 * sum to 1, clipped to [eps, 1 − eps]) or logits (log-softmax after subtracting the lane's max).
 */
export function crossentropy(b: GraphBuilder, t: Value, y: Value, lanes: Lanes, fromLogits: boolean): Value {
  if (fromLogits) {
    const { m, shifted } = shiftedLanes(b, y, lanes);
    const lse = b.log(sumLanes(b, b.exp(shifted), lanes, true));
    const logp = b.sub(shifted, lse);
    // y − m overflows for huge logits of opposite signs; t·y − t·m − t·lse then has no cancellation
    // (the signs differ) and overflows only if the term does
    const split = b.sub(b.sub(b.mul(t, y), b.mul(t, m)), b.mul(t, lse));
    const overflow = b.and(b.op('IsInf', [shifted]), b.and(finite(b, y), finite(b, m)));
    // a class with no target mass adds nothing, even where its log-probability is −∞ (0·∞ = 0)
    const skip = b.and(b.equal(t, b.scalar(0)), b.equal(logp, b.scalar(Number.NEGATIVE_INFINITY)));
    const terms = b.where(skip, b.scalar(0), b.where(overflow, split, b.mul(t, logp)));
    return b.neg(sumLanes(b, terms, lanes, false));
  }
  // log of q clipped to [eps, 1 − eps], with the clip's logs as float64 constants: float32's 1 − 1e-7 is
  // 1 − 1.19e-7, whose log is 19% off (visible for large targets)
  const { q } = normalizeLanes(b, y, lanes);
  const upper = b.where(greaterThan(b, q, 1 - EPS), b.scalar(Math.log(1 - EPS)), b.log(q));
  const logp = b.where(lessThan(b, q, EPS), b.scalar(Math.log(EPS)), upper);
  return b.neg(sumLanes(b, b.mul(t, logp), lanes, false));
}

/** ∂/∂y of {@link crossentropy} (yPred's shape), and a per-sample tensor with the axis kept. */
export function crossentropyGrad(
  b: GraphBuilder,
  t: Value,
  y: Value,
  lanes: Lanes,
  fromLogits: boolean,
): { dy: Value; kept: Value } {
  if (fromLogits) {
    // softmax(y)·Σt − t
    const { shifted } = shiftedLanes(b, y, lanes);
    const e = b.exp(shifted);
    const scale = b.div(sumLanes(b, t, lanes, true), sumLanes(b, e, lanes, true));
    return { dy: b.sub(b.mul(e, scale), t), kept: scale };
  }
  // through q = y/S and the clip: a = −t/q inside [eps, 1 − eps] (0 outside), dy = (a − Σ a·q)/S
  const { s, scale, q } = normalizeLanes(b, y, lanes);
  const inside = b.and(atLeastThreshold(b, q, EPS), atMost(b, q, 1 - EPS));
  const a = cutGradient(b, b.not(inside), t, b.neg(b.div(t, q)));
  // inside, a·q is −t exactly; outside it is 0, or NaN for a NaN q or an infinite one (S = 0) as in the
  // reference. y/S never overflows float64 for float32 inputs, but float32 can: such a q adds 0 too
  const overflowed = b.and(b.op('IsInf', [q]), b.not(b.equal(s, b.scalar(0))));
  const aq = b.where(inside, b.neg(t), b.mul(a, b.where(overflowed, b.scalar(0), q)));
  return { dy: b.div(b.div(b.sub(a, sumLanes(b, aq, lanes, true)), s), scale), kept: s };
}
