import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';
import { maxLanes, perSampleLoss, sumLanes } from '../losses.js';

/** The floor of each norm, as in PyTorch's F.normalize. */
const NORM_EPS = 1e-12;

/**
 * A lane normalized by max(‖v‖₂, 1e-12), with ‖v‖ = m·s for m = max |v| and s = ‖v/m‖ ∈ [1, √C]:
 * squaring v/m neither overflows nor underflows, and û = (v/m)/s stays finite where m·s itself
 * overflows float32 (‖v‖ > 3.4e38 with finite entries). A lane whose max is 0, +∞ or NaN is
 * normalized by that max itself (scale 1), which gives the reference's 0, NaN and 0 entries.
 */
function normalized(tf: Tf, v: TfTensor) {
  const m = maxLanes(tf, tf.abs(v));
  const plain = tf.logicalOr(tf.equal(m, 0), tf.logicalNot(tf.isFinite(m)));
  const scale = tf.where(plain, tf.onesLike(m), m);
  const r = tf.div(v, scale);
  const s = tf.sqrt(sumLanes(tf, tf.square(r), true));
  // the norm decides the floor (an overflow to +∞ is still above it)
  const norm = tf.where(plain, m, tf.mul(scale, s));
  const floored = tf.lessEqual(norm, NORM_EPS);
  const unit = tf.where(floored, tf.div(v, NORM_EPS), tf.div(r, s));
  return { unit, floored, scale, s };
}

export const cosineSimilarity: TfjsKernel<'cosineSimilarity'> = perSampleLoss({
  loss: (tf, t, y) => {
    const c = sumLanes(tf, tf.mul(normalized(tf, y).unit, normalized(tf, t).unit), false);
    return tf.neg(c);
  },
  grad: (tf, t, y) => {
    const { unit: u, floored, scale, s } = normalized(tf, y);
    const w = normalized(tf, t).unit;
    const c = sumLanes(tf, tf.mul(u, w), true);
    // at or below the floor û = y/1e-12 is linear in y, so only ŵ/1e-12 remains
    const flat = tf.div(tf.neg(w), NORM_EPS);
    // −(ŵ − û·c)/‖y‖, dividing by s and the scale in turn so that ‖y‖ is never formed; NaN norms land here
    const smooth = tf.neg(tf.div(tf.div(tf.sub(w, tf.mul(u, c)), s), scale));
    return tf.where(floored, flat, smooth);
  },
});
