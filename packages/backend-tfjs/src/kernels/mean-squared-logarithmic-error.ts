import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';
import { atLeast, cutGradient, EPS, full, log1p, pointwiseLoss } from '../losses.js';

/**
 * log1p(max(yPred, eps)) − log1p(max(yTrue, eps)) without the cancellation of two float32 logs:
 * log1p(r) with r = (p − t)/(1 + t) where r > −0.5, else log((1 + p)/(1 + t)) (no cancellation there,
 * and it gives −∞ for t = +∞).
 */
function logRatio(tf: Tf, yTrue: TfTensor, yPred: TfTensor): TfTensor {
  const p = atLeast(tf, yPred, EPS);
  const t = atLeast(tf, yTrue, EPS);
  const onePlusT = tf.add(t, 1);
  const r = tf.div(tf.sub(p, t), onePlusT);
  return tf.where(tf.greater(r, -0.5), log1p(tf, r), tf.log(tf.div(tf.add(p, 1), onePlusT)));
}

export const meanSquaredLogarithmicError: TfjsKernel<'meanSquaredLogarithmicError'> = pointwiseLoss(
  (tf, t, y) => tf.square(logRatio(tf, t, y)),
  (tf, t, y, _p, g) => {
    const formula = tf.div(tf.mul(logRatio(tf, t, y), 2), tf.add(y, 1));
    // 2·log(1 + y)/(1 + y) → 0 as y → +∞, where the formula gives ∞/∞ (NaN still for t = +∞ or NaN)
    const undefinedAtInfinity = tf.logicalOr(tf.isNaN(t), tf.equal(t, Number.POSITIVE_INFINITY));
    const atInfinity = tf.where(undefinedAtInfinity, full(tf, y, Number.NaN), tf.zerosLike(y));
    const unclipped = tf.where(tf.equal(y, Number.POSITIVE_INFINITY), atInfinity, formula);
    // below the clip the loss is flat in yPred; NaN fails the test and reaches the formula
    return tf.mul(g, cutGradient(tf, tf.less(y, EPS), t, unclipped));
  },
);
