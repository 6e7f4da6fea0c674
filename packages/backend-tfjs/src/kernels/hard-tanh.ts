import { firstFloat32, float32Before } from '@rectify/core';
import type { Tf, TfTensor } from '../kernel.js';
import { nanMask, onWasm, unaryKernel } from '../kernel.js';

/**
 * 1 where min < x < max (the float64 bounds, min ≤ max; an infinite one never clips), 0 elsewhere, NaN
 * for NaN. For float32 x that is lo < x < hi with lo the last float32 at or below min and hi the first at
 * or above max (a float32-rounded bound can move the kink by an ulp). tf.step on the sign of a float
 * difference or product (exact, NaN kept) costs a fraction of comparisons and a logical and on wasm.
 * (x − lo)·(hi − x) is positive exactly inside (both factors negative would need x < lo and x > hi), and
 * cannot underflow to 0 there when hi − lo ≥ 1 (one factor is at least ½, the other at least the
 * smallest subnormal); narrower intervals take two steps. Bounds beyond the float32 range leave an
 * infinite threshold, where x − lo would be ∞ − ∞: those take comparisons.
 */
export function between(tf: Tf, x: TfTensor, min: number, max: number): TfTensor {
  // NaN when no float32 is above min (min = +∞)
  const above = firstFloat32((v) => v > min);
  const lo =
    min === Number.NEGATIVE_INFINITY ? undefined : Number.isNaN(above) ? above : float32Before(above);
  const hi = max === Number.POSITIVE_INFINITY ? undefined : firstFloat32((v) => v >= max);
  if (!(Number.isFinite(lo ?? 0) && Number.isFinite(hi ?? 0))) {
    const tests: TfTensor[] = [];
    if (lo !== undefined) tests.push(tf.greater(x, Number.isNaN(lo) ? Number.POSITIVE_INFINITY : lo));
    if (hi !== undefined) tests.push(tf.less(x, Number.isNaN(hi) ? Number.NEGATIVE_INFINITY : hi));
    const inside = tf.cast(tests.length === 2 ? tf.logicalAnd(tests[0]!, tests[1]!) : tests[0]!, 'float32');
    return tf.mul(inside, nanMask(tf, x));
  }
  if (lo !== undefined && hi !== undefined) {
    if (hi - lo >= 1) return tf.step(tf.mul(tf.sub(x, lo), tf.sub(hi, x)), 0);
    return tf.mul(tf.step(tf.sub(x, lo), 0), tf.step(tf.sub(hi, x), 0));
  }
  if (lo !== undefined) return tf.step(tf.sub(x, lo), 0);
  if (hi !== undefined) return tf.step(tf.sub(hi, x), 0);
  return nanMask(tf, x);
}

// tfjs has no hardTanh: tf.clipByValue, which keeps NaN on cpu but turns it into min on wasm, and on
// every backend returns a fill of min when min = max; the NaN is multiplied back in there
export const hardTanh = unaryKernel<'hardTanh'>(
  (tf, x, { min, max }) => {
    const y = tf.clipByValue(x, min, max);
    return onWasm(tf) || min === max ? tf.mul(y, nanMask(tf, x)) : y;
  },
  (tf, x, { min, max }) => between(tf, x, min, max),
  { derivativeKeepsNaN: true },
);
