import { firstFloat32 } from '@rectify/core';
import type { TfTensor } from '../kernel.js';
import { unaryKernel } from '../kernel.js';

// tfjs has no hardTanh; tf.clipByValue turns NaN into min on wasm, so NaN is put back
export const hardTanh = unaryKernel<'hardTanh'>(
  (tf, x, { min, max }) => tf.where(tf.isNaN(x), x, tf.clipByValue(x, min, max)),
  (tf, x, { min, max }) => {
    // min < x < max, decided against the float64 bounds (a float32-rounded bound can move the kink by an
    // ulp); an infinite bound never clips, so it adds no test and the slope stays 1 up to ±∞
    const tests: TfTensor[] = [];
    if (min !== Number.NEGATIVE_INFINITY) {
      const aboveMin = firstFloat32((v) => v > min);
      tests.push(tf.greaterEqual(x, aboveMin));
    }
    if (max !== Number.POSITIVE_INFINITY) {
      const atOrAboveMax = firstFloat32((v) => v >= max);
      tests.push(tf.less(x, atOrAboveMax));
    }
    if (tests.length === 0) return tf.onesLike(x);
    return tf.cast(
      tests.reduce((a, b) => tf.logicalAnd(a, b)),
      'float32',
    );
  },
);
