import type { TfjsKernel } from '../kernel.js';
import { clip, cutGradient, EPS, perSampleLoss, sumLanes } from '../losses.js';

export const kullbackLeiblerDivergence: TfjsKernel<'kullbackLeiblerDivergence'> = perSampleLoss({
  // the clip keeps t > 0, so there is no 0·log 0 to settle
  targets: (tf, yTrue, { outer, length, inner }) =>
    clip(tf, tf.reshape(yTrue, [outer, length, inner]), EPS, 1),
  // log(t/p) does not cancel as log t − log p would where t ≈ p
  loss: (tf, t, y) => sumLanes(tf, tf.mul(t, tf.log(tf.div(t, clip(tf, y, EPS, 1)))), false),
  grad: (tf, t, y) => {
    // the clip of yPred cuts the gradient outside [eps, 1]; NaN fails both tests and reaches −t/y
    const cut = tf.logicalOr(tf.less(y, EPS), tf.greater(y, 1));
    return cutGradient(tf, cut, t, tf.neg(tf.div(t, y)));
  },
});
