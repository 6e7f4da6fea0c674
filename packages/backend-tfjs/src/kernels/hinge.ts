import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';
import { pointwiseLoss } from '../losses.js';

/**
 * The labels hinge losses use: yTrue, or 2·yTrue − 1 when every label of the tensor is 0 or 1. The
 * test is a scalar tensor used in a select, so nothing is read back from the backend. An empty tensor
 * has nothing to map (and tf.all of it is false on cpu, uninitialized memory on wasm).
 */
export function hingeTargets(tf: Tf, yTrue: TfTensor): TfTensor {
  if (yTrue.size === 0) return yTrue;
  const binary = tf.all(tf.logicalOr(tf.equal(yTrue, 0), tf.equal(yTrue, 1)));
  return tf.where(binary, tf.sub(tf.mul(yTrue, 2), 1), yTrue);
}

/** max(0, m) keeping NaN (a select rather than tf.relu/maximum, whose NaN handling varies by backend). */
export function positivePart(tf: Tf, m: TfTensor): TfTensor {
  return tf.where(tf.less(m, 0), tf.zerosLike(m), m);
}

/** `active` where the margin m is positive, NaN where it is NaN, else 0. */
export function marginSelect(tf: Tf, m: TfTensor, active: TfTensor): TfTensor {
  return tf.where(tf.greater(m, 0), active, tf.where(tf.isNaN(m), m, tf.zerosLike(m)));
}

export const hinge: TfjsKernel<'hinge'> = pointwiseLoss(
  (tf, yTrue, y) => positivePart(tf, tf.sub(1, tf.mul(hingeTargets(tf, yTrue), y))),
  (tf, yTrue, y, _p, g) => {
    const t = hingeTargets(tf, yTrue);
    // as relu: no gradient at a margin of exactly 0
    return tf.mul(g, marginSelect(tf, tf.sub(1, tf.mul(t, y)), tf.neg(t)));
  },
);
