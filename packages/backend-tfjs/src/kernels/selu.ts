import { SELU_ALPHA, SELU_SCALE } from '@rectify/core';
import { unaryKernel } from '../kernel.js';

// one product, as core forms it
const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

// not tf.selu: on wasm it computes exp(x) − 1 in float32, which gives 0 for |x| below ~6e-8;
// expm1 keeps those exact in relative terms and gives −λα at −∞
export const selu = unaryKernel<'selu'>(
  (tf, x) => tf.where(tf.greater(x, 0), tf.mul(x, SELU_SCALE), tf.mul(tf.expm1(x), SCALE_ALPHA)),
  // λα at x = 0: the left branch
  (tf, x) => tf.where(tf.greater(x, 0), tf.fill(x.shape, SELU_SCALE), tf.mul(tf.exp(x), SCALE_ALPHA)),
);
