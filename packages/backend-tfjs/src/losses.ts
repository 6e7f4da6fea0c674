import type { Reduction } from '@rectify/core';
import type { Tf, TfTensor } from './kernel.js';

/** Reduces per-element (or per-sample) losses: as they are, their sum, or their mean (NaN when empty). */
export function reduceLoss(tf: Tf, losses: TfTensor, reduction: Reduction): TfTensor {
  if (reduction === 'none') return losses;
  // tfjs-wasm sums an empty tensor to leftover memory, not 0
  if (losses.size === 0) return tf.scalar(reduction === 'sum' ? 0 : Number.NaN);
  const sum = tf.sum(losses);
  return reduction === 'sum' ? sum : tf.div(sum, losses.size);
}

/**
 * The upstream gradient each per-element (or per-sample) loss of shape `shape` receives: `g` itself
 * for 'none', `g` broadcast for 'sum', `g / n` broadcast for 'mean'.
 */
export function lossUpstream(tf: Tf, upstream: TfTensor, reduction: Reduction, shape: readonly number[]): TfTensor {
  if (reduction === 'none') return upstream;
  const n = shape.reduce((a, b) => a * b, 1);
  const g = reduction === 'sum' ? upstream : tf.div(upstream, n);
  return tf.broadcastTo(tf.reshape(g, shape.map(() => 1)), [...shape]);
}
