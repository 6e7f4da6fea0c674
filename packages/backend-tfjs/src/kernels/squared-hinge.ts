import type { TfjsKernel } from '../kernel.js';
import { pointwiseLoss } from '../losses.js';
import { hingeTargets, marginSelect, positivePart } from './hinge.js';

export const squaredHinge: TfjsKernel<'squaredHinge'> = pointwiseLoss(
  (tf, yTrue, y) => tf.square(positivePart(tf, tf.sub(1, tf.mul(hingeTargets(tf, yTrue), y)))),
  (tf, yTrue, y, _p, g) => {
    const t = hingeTargets(tf, yTrue);
    const m = tf.sub(1, tf.mul(t, y));
    // upstream·(−2t) first, then the margin: 2m alone overflows float32 for margins above 1.7e38
    return marginSelect(tf, m, tf.mul(tf.mul(g, tf.mul(t, -2)), m));
  },
);
