import type { TfjsKernel } from '../kernel.js';
import { pointwiseLoss, signOf } from '../losses.js';

export const meanAbsoluteError: TfjsKernel<'meanAbsoluteError'> = pointwiseLoss(
  (tf, t, y) => tf.abs(tf.sub(y, t)),
  // sign(0) = 0 at the kink; NaN stays NaN
  (tf, t, y, _p, g) => tf.mul(g, signOf(tf, tf.sub(y, t))),
);
