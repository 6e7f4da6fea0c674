import { SELU_ALPHA, SELU_SCALE } from '@rectify/core';
import { onWasm, unaryKernel } from '../kernel.js';

// one product, as core forms it
const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

// tf.selu on cpu (float64 inside, within an ulp). Not on wasm: there it computes exp(x) − 1 in float32
// (7 ulps, and 0 for |x| below ~6e-8) at ten times the cost of tf.elu, whose expm1 is accurate: λ·elu(x)
// with the left branch scaled by α through a step is within 2 ulps. −λα at −∞, NaN kept
export const selu = unaryKernel<'selu'>(
  (tf, x) => (onWasm(tf) ? tf.mul(tf.mul(tf.elu(x), SELU_SCALE), tf.step(x, SELU_ALPHA)) : tf.selu(x)),
  // λα at x = 0: the left branch; NaN takes the exp branch and stays NaN
  (tf, x) => tf.where(tf.greater(x, 0), tf.fill(x.shape, SELU_SCALE), tf.mul(tf.exp(x), SCALE_ALPHA)),
  { derivativeKeepsNaN: true },
);
