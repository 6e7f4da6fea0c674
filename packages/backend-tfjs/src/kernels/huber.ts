import type { TfjsKernel } from '../kernel.js';
import { nanMask, onWasm } from '../kernel.js';
import { pointwiseLoss } from '../losses.js';

export const huber: TfjsKernel<'huber'> = pointwiseLoss(
  (tf, t, y, { delta }) => {
    const d = tf.sub(y, t);
    const a = tf.abs(d);
    let linear = tf.mul(tf.sub(a, 0.5 * delta), delta);
    // d overflows float32 only for huge values of opposite signs, where delta·(|d| − delta/2) is still
    // finite if delta < 1, and |delta·y − delta·t| has no cancellation. From delta = 1 up it overflows
    // with d (at delta 1 the two are the same numbers), so that select is only paid below
    if (delta < 1) {
      const scaled = tf.sub(tf.abs(tf.sub(tf.mul(y, delta), tf.mul(t, delta))), 0.5 * delta * delta);
      linear = tf.where(tf.isInf(d), scaled, linear);
    }
    // NaN fails the test and takes the linear branch, which keeps it NaN
    return tf.where(tf.lessEqual(a, delta), tf.mul(tf.square(d), 0.5), linear);
  },
  (tf, t, y, { delta }, g) => {
    // d for |d| ≤ delta, delta·sign(d) beyond (±delta at ±∞): d clipped to [−delta, delta]. tf.clipByValue
    // keeps NaN on cpu; wasm's turns it into −delta, so it is multiplied back in there
    const d = tf.sub(y, t);
    const clipped = tf.clipByValue(d, -delta, delta);
    return tf.mul(g, onWasm(tf) ? tf.mul(clipped, nanMask(tf, d)) : clipped);
  },
);
