import { firstFloat32 } from '@rectify/core';
import type { Tf, TfTensor } from '../kernel.js';
import { unaryKernel } from '../kernel.js';

interface Line {
  readonly alpha: number;
  readonly beta: number;
}

/** `alpha·x + beta` in float64 exactly as core evaluates it, to place the kinks where core does. */
function line(x: number, p: Line): number {
  const shift = p.beta / p.alpha;
  return Number.isFinite(shift) ? (x + shift) * p.alpha : p.alpha * x + p.beta;
}

/** z clipped to [0, 1], NaN where x is NaN (tf.clipByValue turns NaN into the lower bound on wasm). */
function clip(tf: Tf, x: TfTensor, z: TfTensor): TfTensor {
  return tf.where(tf.isNaN(x), x, tf.clipByValue(z, 0, 1));
}

// tfjs-core has no hardSigmoid op (tfjs-layers' activation uses alpha 0.2), so it is composed with the
// catalog's alpha and beta
export const hardSigmoid = unaryKernel<'hardSigmoid'>(
  (tf, x, { alpha, beta }) => {
    // alpha = 0: flat at beta, also at ±∞ (where 0·∞ would be NaN)
    if (alpha === 0) return tf.where(tf.isNaN(x), x, tf.fill(x.shape, beta));
    const shift = beta / alpha;
    if (!Number.isFinite(shift)) return clip(tf, x, tf.add(tf.mul(x, alpha), beta));
    // (x + beta/alpha)·alpha, as core, so the cancellation near the lower kink is the exact x + shift; the
    // shift is split into its float32 rounding and the remainder, as float32 alone would misplace it by up to
    // half an ulp (5e-5 relative error at x = −1.199 for alpha = 5/12)
    const hi = Math.fround(shift);
    return clip(tf, x, tf.mul(tf.add(tf.add(x, hi), shift - hi), alpha));
  },
  (tf, x, p) => {
    if (p.alpha === 0) return tf.zerosLike(x);
    // 0 < line(x) < 1 as two tests that turn true as x grows, decided in float64 like core (0 at both kinks)
    const rising = p.alpha > 0;
    const aboveZero = firstFloat32(rising ? (v) => line(v, p) > 0 : (v) => line(v, p) <= 0);
    const belowOne = firstFloat32(rising ? (v) => line(v, p) >= 1 : (v) => line(v, p) < 1);
    const [lo, hi] = rising ? [aboveZero, belowOne] : [belowOne, aboveZero];
    const inside = tf.logicalAnd(tf.greaterEqual(x, lo), tf.less(x, hi));
    return tf.mul(tf.cast(inside, 'float32'), p.alpha);
  },
);
