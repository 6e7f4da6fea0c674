import { firstFloat32 } from '@rectify/core';
import { unaryKernel } from '../kernel.js';

/**
 * x > alpha, decided against the float64 alpha as `x >= t` with t the smallest float32 above alpha
 * (comparing with fround(alpha) gets e.g. x = fround(0.4) > 0.4 wrong, and with it f by 0.4).
 */
const firstAbove = (alpha: number) => firstFloat32((v) => v > alpha);

// tfjs-core has no thresholdedRelu
export const thresholdedRelu = unaryKernel<'thresholdedRelu'>(
  // NaN fails x < t and is kept
  (tf, x, { alpha }) => tf.where(tf.less(x, firstAbove(alpha)), tf.zerosLike(x), x),
  // 0 at x = alpha
  (tf, x, { alpha }) => tf.cast(tf.greaterEqual(x, firstAbove(alpha)), 'float32'),
);
