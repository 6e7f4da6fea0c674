import type { GradNameOf, OpId, ParamsOf, Reduction } from '@rectify/core';
import { onWasm, type Tf, type TfjsKernel, type TfTensor } from './kernel.js';

const BLOCK = 64;

/**
 * The sum of every element, in blocks of 64 summed again until one is left. tfjs-wasm adds one term
 * after the other in float32, so its error grows with n (5e-4 relative for the mean of 10⁶ log-cosh
 * losses); blocks bound it by about 64·log₆₄(n) roundings.
 */
export function blockSum(tf: Tf, x: TfTensor): TfTensor {
  let flat = tf.reshape(x, [-1]);
  while (flat.size > BLOCK) {
    // zeros appended with concat, a block copy: tf.pad indexes element by element on cpu (3 ms at 1e5)
    const padded =
      flat.size % BLOCK === 0 ? flat : tf.concat([flat, tf.zeros([BLOCK - (flat.size % BLOCK)])]);
    flat = tf.sum(tf.reshape(padded, [-1, BLOCK]), 1);
  }
  return tf.sum(flat);
}

/** Reduces per-element (or per-sample) losses: as they are, their sum, or their mean (NaN when empty). */
export function reduceLoss(tf: Tf, losses: TfTensor, reduction: Reduction): TfTensor {
  if (reduction === 'none') return losses;
  // tfjs-wasm sums an empty tensor to leftover memory, not 0
  if (losses.size === 0) return tf.scalar(reduction === 'sum' ? 0 : Number.NaN);
  const sum = blockSum(tf, losses);
  return reduction === 'sum' ? sum : tf.div(sum, losses.size);
}

/**
 * The upstream gradient each per-element (or per-sample) loss of shape `shape` receives: `g` itself
 * for 'none', `g` broadcast for 'sum', `g / n` broadcast for 'mean'.
 */
export function lossUpstream(
  tf: Tf,
  upstream: TfTensor,
  reduction: Reduction,
  shape: readonly number[],
): TfTensor {
  if (reduction === 'none') return upstream;
  const n = shape.reduce((a, b) => a * b, 1);
  const g = reduction === 'sum' ? upstream : tf.div(upstream, n);
  return tf.broadcastTo(
    tf.reshape(
      g,
      shape.map(() => 1),
    ),
    [...shape],
  );
}

/**
 * What each per-element (or per-sample) loss receives of a reduced loss's upstream, as a rank-0 tensor
 * to multiply with: `g` for 'sum', `g / n` for 'mean'. Never materialized at the losses' shape
 * (tf.broadcastTo of a scalar to 10⁶ elements takes ~100 ms on wasm), and rank 0 so that tfjs-cpu takes
 * its plain loop for the product, not its per-element index arithmetic for broadcasting.
 */
function reducedUpstream(tf: Tf, upstream: TfTensor, reduction: 'sum' | 'mean', n: number): TfTensor {
  const g = tf.reshape(upstream, []);
  return reduction === 'sum' ? g : tf.div(g, n);
}

/*
 * What the tfjs loss kernels share: builders for pointwise and per-sample (axis) losses, and
 * float32-safe elementwise pieces where tfjs's own drop NaN or lose digits on some backend.
 *
 * The builders never compute on tensors of rank > 3. tfjs-wasm runs add/sub/mul/div through XNNPACK,
 * which handles at most 6 dimensions and otherwise returns garbage without an error (rank 7 appears in
 * the ONNX SoftmaxCrossEntropyLoss cases). Pointwise losses work on 1-D views, per-sample losses on
 * [outer, classes, inner] views with the axis in the middle; results are reshaped back.
 */

/** The clip bound of the probability losses. */
export const EPS = 1e-7;

/**
 * A float32 tensor of `value` in the shape of `like`. Selects get full-shape operands: tf.where with
 * a scalar operand and an empty condition returns shape [1] instead of the empty shape (tfjs 4.22).
 */
export const full = (tf: Tf, like: TfTensor, value: number): TfTensor => tf.fill(like.shape, value);

/**
 * log(1 + x) to a few ulps on every backend: tfjs-wasm's Log1p is log(1 + x), which is 0 for |x| < 6e-8.
 * Kahan's trick: with u = fl(1 + x), log(u)·x/(u − 1) cancels the rounding of u.
 */
export function log1p(tf: Tf, x: TfTensor): TfTensor {
  const u = tf.add(x, 1);
  const corrected = tf.mul(tf.log(u), tf.div(x, tf.sub(u, 1)));
  // u = 1: the answer is x itself; u = +∞ (x = +∞): the correction would be ∞/∞
  return tf.where(tf.equal(u, 1), x, tf.where(tf.equal(u, Number.POSITIVE_INFINITY), u, corrected));
}

/**
 * sign(x) with NaN → NaN (tf.sign gives 0 for NaN on cpu and wasm). On wasm tf.sign is also 0 below
 * ~1e-7 in magnitude, and a select costs several cheap passes: there it is step(x) − step(−x), exact,
 * 0 at ±0, NaN kept.
 */
export function signOf(tf: Tf, x: TfTensor): TfTensor {
  if (onWasm(tf)) return tf.sub(tf.step(x, 0), tf.step(tf.neg(x), 0));
  return tf.where(tf.isNaN(x), x, tf.sign(x));
}

/** max(x, lo) keeping a NaN x (tfjs-wasm's maximum drops a NaN in its second operand). */
export function atLeast(tf: Tf, x: TfTensor, lo: number): TfTensor {
  return tf.where(tf.less(x, lo), full(tf, x, lo), x);
}

/** min(max(x, lo), hi) keeping a NaN x (tfjs-wasm's clipByValue turns NaN into lo). */
export function clip(tf: Tf, x: TfTensor, lo: number, hi: number): TfTensor {
  return tf.where(tf.greater(x, hi), full(tf, x, hi), atLeast(tf, x, lo));
}

/** `value`, but where `cut` 0 — or NaN where `t` is NaN, as the references cut a clipped gradient. */
export function cutGradient(tf: Tf, cut: TfTensor, t: TfTensor, value: TfTensor): TfTensor {
  return tf.where(cut, tf.where(tf.isNaN(t), t, tf.zerosLike(value)), value);
}

type LossInputs = { readonly yTrue: TfTensor; readonly yPred: TfTensor };
type LossGrads<Id extends OpId> = { readonly [K in GradNameOf<Id>]: TfTensor };
const reductionOf = (params: unknown) => (params as { readonly reduction: Reduction }).reduction;

/**
 * A pointwise loss kernel from its elementwise loss and the upstream-weighted gradient, both given
 * 1-D targets `t` and predictions `y` (and `g`, the upstream each element receives: 1-D for reduction
 * 'none', else a scalar that broadcasts, so `g` may only enter products).
 */
export function pointwiseLoss<Id extends OpId>(
  loss: (tf: Tf, t: TfTensor, y: TfTensor, params: ParamsOf<Id>) => TfTensor,
  grad: (tf: Tf, t: TfTensor, y: TfTensor, params: ParamsOf<Id>, g: TfTensor) => TfTensor,
): TfjsKernel<Id> {
  const flat = (tf: Tf, x: TfTensor) => tf.reshape(x, [x.size]);
  return {
    forward(tf, inputs, params) {
      const { yTrue, yPred } = inputs as unknown as LossInputs;
      const losses = loss(tf, flat(tf, yTrue), flat(tf, yPred), params);
      const reduction = reductionOf(params);
      return reduction === 'none' ? tf.reshape(losses, yPred.shape) : reduceLoss(tf, losses, reduction);
    },
    backward(tf, inputs, params, upstream) {
      const { yTrue, yPred } = inputs as unknown as LossInputs;
      const reduction = reductionOf(params);
      const g =
        reduction === 'none' ? flat(tf, upstream) : reducedUpstream(tf, upstream, reduction, yPred.size);
      const dy = tf.reshape(grad(tf, flat(tf, yTrue), flat(tf, yPred), params, g), yPred.shape);
      return { yPred: dy } as unknown as LossGrads<Id>;
    },
  };
}

/** How a tensor splits into lanes along an axis: [outer, length, inner] and the shape of one loss per lane. */
export interface Lanes {
  readonly outer: number;
  readonly length: number;
  readonly inner: number;
  readonly samples: readonly number[];
}

function lanesOf(yPred: TfTensor, axisParam: number): Lanes {
  const axis = axisParam < 0 ? axisParam + yPred.rank : axisParam;
  const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
  return {
    outer: size(yPred.shape.slice(0, axis)),
    length: yPred.shape[axis]!,
    inner: size(yPred.shape.slice(axis + 1)),
    samples: yPred.shape.filter((_, i) => i !== axis),
  };
}

/** How a per-sample loss sees its inputs: 3-D [outer, C, inner] tensors with the lanes along axis 1. */
export interface PerSampleLossDefinition<Id extends OpId> {
  /** The [outer, C, inner] targets (default: yTrue reshaped). */
  targets?(tf: Tf, yTrue: TfTensor, lanes: Lanes, params: ParamsOf<Id>): TfTensor;
  /** The loss of each lane, [outer, inner]. */
  loss(tf: Tf, t: TfTensor, y: TfTensor, params: ParamsOf<Id>): TfTensor;
  /** ∂loss/∂y of each lane (before the upstream), [outer, C, inner]. */
  grad(tf: Tf, t: TfTensor, y: TfTensor, params: ParamsOf<Id>): TfTensor;
}

/** A kernel for a loss that reduces along its `axis` param to one value per sample. */
export function perSampleLoss<Id extends OpId>(def: PerSampleLossDefinition<Id>): TfjsKernel<Id> {
  const prepare = (tf: Tf, inputs: unknown, params: ParamsOf<Id>) => {
    const { yTrue, yPred } = inputs as LossInputs;
    const lanes = lanesOf(yPred, (params as unknown as { readonly axis: number }).axis);
    const view = [lanes.outer, lanes.length, lanes.inner];
    const t = def.targets ? def.targets(tf, yTrue, lanes, params) : tf.reshape(yTrue, view);
    return { lanes, t, y: tf.reshape(yPred, view), shape: yPred.shape };
  };
  return {
    forward(tf, inputs, params) {
      const { lanes, t, y } = prepare(tf, inputs, params);
      const losses = def.loss(tf, t, y, params);
      const reduction = reductionOf(params);
      return reduction === 'none'
        ? tf.reshape(losses, [...lanes.samples])
        : reduceLoss(tf, losses, reduction);
    },
    backward(tf, inputs, params, upstream) {
      const { lanes, t, y, shape } = prepare(tf, inputs, params);
      const reduction = reductionOf(params);
      const view = [lanes.outer, 1, lanes.inner];
      const g =
        reduction === 'none'
          ? tf.reshape(upstream, view)
          : reducedUpstream(tf, upstream, reduction, lanes.outer * lanes.inner);
      const dy = tf.reshape(tf.mul(g, def.grad(tf, t, y, params)), shape);
      return { yPred: dy } as unknown as LossGrads<Id>;
    },
  };
}

/** Σ along the lanes (axis 1 of [outer, C, inner]); 0 for empty lanes (tfjs-wasm's Sum leaves those uninitialized). */
export function sumLanes(tf: Tf, x: TfTensor, keepDims: boolean): TfTensor {
  if (x.shape[1] === 0)
    return tf.zeros(keepDims ? [x.shape[0]!, 1, x.shape[2]!] : [x.shape[0]!, x.shape[2]!]);
  return tf.sum(x, 1, keepDims);
}

/** max along the lanes, kept (NaN propagates on cpu and wasm); −∞ for empty lanes. */
export function maxLanes(tf: Tf, x: TfTensor): TfTensor {
  if (x.shape[1] === 0) return tf.fill([x.shape[0]!, 1, x.shape[2]!], Number.NEGATIVE_INFINITY);
  return tf.max(x, 1, true);
}

/**
 * The lanes' sums S and the normalized q = y/S. Where S overflows float32 although the lane is finite
 * (probabilities have no business there, but the reference is float64), q and S are taken from y/m with
 * m = max |y|: `scale` is m there and 1 elsewhere, so that S·scale is the true sum.
 */
function normalize(tf: Tf, y: TfTensor) {
  const plainSum = sumLanes(tf, y, true);
  const m = maxLanes(tf, tf.abs(y));
  const overflow = tf.logicalAnd(tf.isInf(plainSum), tf.isFinite(m));
  const scale = tf.where(overflow, m, tf.onesLike(m));
  const scaled = tf.div(y, scale);
  const s = tf.where(overflow, sumLanes(tf, scaled, true), plainSum);
  return { s, scale, q: tf.div(scaled, s) };
}

/**
 * Per-sample cross-entropy −Σ t·log p along the lanes, from probabilities (normalized to sum to 1,
 * clipped to [eps, 1 − eps]) or logits (log-softmax).
 */
export function crossentropy(tf: Tf, t: TfTensor, y: TfTensor, fromLogits: boolean): TfTensor {
  if (fromLogits) {
    const m = maxLanes(tf, y);
    const shifted = tf.sub(y, m);
    const lse = tf.log(sumLanes(tf, tf.exp(shifted), true));
    const logp = tf.sub(shifted, lse);
    // y − m overflows float32 for huge logits of opposite signs; t·y − t·m − t·lse then has no
    // cancellation (the signs differ) and overflows only if the term does
    const split = tf.sub(tf.sub(tf.mul(t, y), tf.mul(t, m)), tf.mul(t, lse));
    const overflow = tf.logicalAnd(tf.isInf(shifted), tf.logicalAnd(tf.isFinite(y), tf.isFinite(m)));
    // a class with no target mass adds nothing, even where its log-probability is −∞ (0·∞ = 0)
    const skip = tf.logicalAnd(tf.equal(t, 0), tf.equal(logp, Number.NEGATIVE_INFINITY));
    const terms = tf.where(skip, tf.zerosLike(logp), tf.where(overflow, split, tf.mul(t, logp)));
    return tf.neg(sumLanes(tf, terms, false));
  }
  const p = clip(tf, normalize(tf, y).q, EPS, 1 - EPS);
  return tf.neg(sumLanes(tf, tf.mul(t, tf.log(p)), false));
}

/** ∂/∂y of {@link crossentropy}. */
export function crossentropyGrad(tf: Tf, t: TfTensor, y: TfTensor, fromLogits: boolean): TfTensor {
  if (fromLogits) {
    // softmax(y)·Σt − t
    const e = tf.exp(tf.sub(y, maxLanes(tf, y)));
    const scale = tf.div(sumLanes(tf, t, true), sumLanes(tf, e, true));
    return tf.sub(tf.mul(e, scale), t);
  }
  // through q = y/S and the clip: a = −t/q inside [eps, 1 − eps] (0 outside), dy = (a − Σ a·q)/S
  const { s, scale, q } = normalize(tf, y);
  const inside = tf.logicalAnd(tf.greaterEqual(q, EPS), tf.lessEqual(q, 1 - EPS));
  const a = cutGradient(tf, tf.logicalNot(inside), t, tf.neg(tf.div(t, q)));
  // inside, a·q is −t exactly; outside it is 0, or NaN for a NaN or infinite q as in the reference
  const aq = tf.where(inside, tf.neg(t), tf.mul(a, q));
  return tf.div(tf.div(tf.sub(a, sumLanes(tf, aq, true)), s), scale);
}
