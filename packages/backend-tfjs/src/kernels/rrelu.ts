import { type ParamsOf, rreluSlopes } from '@rectify/core';
import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';
import { unaryKernel } from '../kernel.js';
import { leakyRelu } from './leaky-relu.js';

/** Core's seeded per-element training slopes (row-major), so training results agree across backends. */
function trainingSlopes(tf: Tf, x: TfTensor, p: ParamsOf<'rrelu'>): TfTensor {
  return tf.tensor(Float32Array.from(rreluSlopes(x.size, p.lower, p.upper, p.seed)), x.shape, 'float32');
}

// tfjs has no rrelu: a leaky ReLU with a slope per element in training
const training = unaryKernel<'rrelu'>(
  (tf, x, p) => {
    const a = trainingSlopes(tf, x, p);
    // a·x would be 0·(−∞) = NaN for a zero slope; the limit there is 0. NaN fails both tests and stays NaN
    const negative = tf.where(
      tf.logicalAnd(tf.equal(a, 0), tf.equal(x, Number.NEGATIVE_INFINITY)),
      tf.zerosLike(x),
      tf.mul(x, a),
    );
    return tf.where(tf.greater(x, 0), x, negative);
  },
  // the slope at x = 0 (the left branch), the same slope as the forward pass
  (tf, x, p) => tf.where(tf.greater(x, 0), tf.onesLike(x), trainingSlopes(tf, x, p)),
);

// Outside training it is leakyRelu with the slope (lower + upper)/2, and runs as that kernel
export const rrelu: TfjsKernel<'rrelu'> = {
  forward: (tf, inputs, p) =>
    p.training
      ? training.forward(tf, inputs, p)
      : leakyRelu.forward(tf, inputs, { alpha: (p.lower + p.upper) / 2 }),
  backward: (tf, inputs, p, g, ctx) =>
    p.training
      ? training.backward(tf, inputs, p, g, ctx)
      : leakyRelu.backward(tf, inputs, { alpha: (p.lower + p.upper) / 2 }, g, ctx),
};
