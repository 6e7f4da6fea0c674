import type { TfjsKernel } from '../kernel.js';
import { pointwiseLoss } from '../losses.js';

export const meanSquaredError: TfjsKernel<'meanSquaredError'> = pointwiseLoss(
  (tf, t, y) => tf.squaredDifference(y, t),
  // g·2 first: 2(y − t) alone overflows float32 where the scaled gradient does not
  (tf, t, y, _p, g) => tf.mul(tf.mul(g, 2), tf.sub(y, t)),
);
