import type { Tf, TfTensor } from '../kernel.js';
import { unaryKernel } from '../kernel.js';

/**
 * σ(x) = 1/(1 + e^(−x)). tf.sigmoid neither overflows nor loses NaN on cpu (float64, then rounded) or
 * wasm (within 2.7e-7 relative), but wasm flushes results below ~1.2e-38 (x < −87.3) to 0. There σ(x)
 * is e^x to within e^x relative, and tf.exp keeps the subnormals on both backends.
 */
export function sigmoidOf(tf: Tf, x: TfTensor): TfTensor {
  return tf.where(tf.less(x, -80), tf.exp(x), tf.sigmoid(x));
}

export const sigmoid = unaryKernel<'sigmoid'>(
  (tf, x) => sigmoidOf(tf, x),
  // y·(1 − y) as σ(x)·σ(−x): 1 − y cancels to 0 for large x while σ(−x) keeps its digits
  (tf, x) => tf.mul(sigmoidOf(tf, x), sigmoidOf(tf, tf.neg(x))),
);
