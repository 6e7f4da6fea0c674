import type { TfjsKernel } from '../kernel.js';
import { crossentropy, crossentropyGrad, perSampleLoss } from '../losses.js';

export const categoricalCrossentropy: TfjsKernel<'categoricalCrossentropy'> = perSampleLoss({
  // smoothed targets t = yTrue·(1 − ls) + ls/C (yTrue itself for ls = 0)
  targets: (tf, yTrue, { outer, length, inner }, { labelSmoothing: ls }) => {
    const t = tf.reshape(yTrue, [outer, length, inner]);
    return ls === 0 ? t : tf.add(tf.mul(t, 1 - ls), ls / length);
  },
  loss: (tf, t, y, { fromLogits }) => crossentropy(tf, t, y, fromLogits),
  grad: (tf, t, y, { fromLogits }) => crossentropyGrad(tf, t, y, fromLogits),
});
