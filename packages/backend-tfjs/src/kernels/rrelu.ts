import { type ParamsOf, rreluSlopes } from '@rectify/core';
import type { Tf, TfTensor } from '../kernel.js';
import { unaryKernel } from '../kernel.js';

/** The slope of every element: core's seeded per-element slopes in training, (lower + upper)/2 otherwise. */
function slopes(tf: Tf, x: TfTensor, p: ParamsOf<'rrelu'>): TfTensor {
  if (!p.training) return tf.fill(x.shape, (p.lower + p.upper) / 2);
  // the very slopes core draws (row-major), so training results agree across backends
  return tf.tensor(Float32Array.from(rreluSlopes(x.size, p.lower, p.upper, p.seed)), x.shape, 'float32');
}

// tfjs has no rrelu: a leaky ReLU with a slope per element
export const rrelu = unaryKernel<'rrelu'>(
  (tf, x, p) => {
    const a = slopes(tf, x, p);
    // a·x would be 0·(−∞) = NaN for a zero slope; the limit there is 0. NaN fails both tests and stays NaN
    const negative = tf.where(
      tf.logicalAnd(tf.equal(a, 0), tf.equal(x, Number.NEGATIVE_INFINITY)),
      tf.zerosLike(x),
      tf.mul(x, a),
    );
    return tf.where(tf.greater(x, 0), x, negative);
  },
  // the slope at x = 0 (the left branch), the same slope as the forward pass
  (tf, x, p) => tf.where(tf.greater(x, 0), tf.onesLike(x), slopes(tf, x, p)),
);
