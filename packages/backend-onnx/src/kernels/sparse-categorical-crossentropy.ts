import type { Reduction } from '@rectify/core';
import type { GraphBuilder, Value } from '../graph.js';
import type { OnnxKernel } from '../kernel.js';
import { crossentropy, crossentropyGrad, INT64, lanesOf, laneUpstream, oneHot } from '../loss-graphs.js';
import { reduceLoss } from '../losses.js';

/** A label no real sample has (labels are checked to be in [0, C)): marks the padding below. */
const IGNORED = -1;

/**
 * The loss from logits with the classes on axis 1, by ONNX's own SoftmaxCrossEntropyLoss. ONNX Runtime's
 * kernel fails on a batch of 0 or on 0 classes, and gives a 'mean' of 0 where any other dimension is 0,
 * so every sample axis gets one leading dummy sample (label IGNORED, which the op skips, also in the
 * mean's count) and the classes one trailing −∞ logit (exp(−∞) = 0 adds nothing to any sum); for 'none'
 * the dummies are sliced off again.
 */
function nativeLoss(b: GraphBuilder, yTrue: Value, yPred: Value, rank: number, reduction: Reduction): Value {
  const samplePads = Array.from({ length: 2 * rank }, (_, i) => (i < rank && i !== 1 ? 1 : 0));
  const classPad = Array.from({ length: 2 * rank }, (_, i) => (i === rank + 1 ? 1 : 0));
  const padded = b.op('Pad', [
    b.op('Pad', [yPred, b.int64s(samplePads), b.scalar(0)]),
    b.int64s(classPad),
    b.scalar(Number.NEGATIVE_INFINITY),
  ]);
  const labels = b.op('Cast', [yTrue], { to: { int: INT64 } });
  const labelPads = Array.from({ length: 2 * (rank - 1) }, (_, i) => (i < rank - 1 ? 1 : 0));
  const paddedLabels = b.op('Pad', [labels, b.int64s(labelPads), b.constant('int64', [IGNORED], [])]);
  const loss = b.op('SoftmaxCrossEntropyLoss', [padded, paddedLabels], {
    reduction: { string: reduction },
    ignore_index: { int: IGNORED },
  });
  if (reduction !== 'none') return loss;
  const axes = Array.from({ length: rank - 1 }, (_, i) => i);
  // ends past the dimension are clamped to it
  return b.op('Slice', [
    loss,
    b.int64s(axes.map(() => 1)),
    b.int64s(axes.map(() => 2 ** 62)),
    b.int64s(axes),
  ]);
}

export const sparseCategoricalCrossentropy: OnnxKernel<'sparseCategoricalCrossentropy'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { fromLogits, axis, reduction }, ctx) {
    const rank = ctx.ranks.yPred;
    // ONNX's op takes logits with the classes on axis 1 (rank ≥ 2); without a rank the axis may be any.
    // Its double kernel mishandles lanes with ±∞ or NaN (∞ for [∞, −709.8, 1e-8] with label 2, a
    // negative loss for a lane holding a NaN), so float64 graphs compose it like the other cases
    const native = fromLogits && b.dtype === 'float32' && rank !== undefined && rank >= 2;
    if (native && (axis < 0 ? axis + rank : axis) === 1) return nativeLoss(b, yTrue, yPred, rank, reduction);
    const lanes = lanesOf(b, yPred, axis, rank);
    const t = oneHot(b, yTrue, yPred, lanes);
    return reduceLoss(b, crossentropy(b, t, yPred, lanes, fromLogits), reduction);
  },
  backward(b, { yTrue, yPred }, { fromLogits, axis, reduction }, upstream, ctx) {
    // no ONNX op has this gradient (SoftmaxCrossEntropyLossGrad is in the training-only domain)
    const lanes = lanesOf(b, yPred, axis, ctx.ranks.yPred);
    const { dy, kept } = crossentropyGrad(b, oneHot(b, yTrue, yPred, lanes), yPred, lanes, fromLogits);
    return { yPred: b.mul(laneUpstream(b, upstream, reduction, lanes, kept), dy) };
  },
};
