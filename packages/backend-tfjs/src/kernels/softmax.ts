import { axisLayout, normalizeAxis } from '@rectify/core';
import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';

/**
 * x as [outer, C, inner] with the softmax axis in the middle: any axis works without a transpose, and
 * tfjs-wasm never sees a rank above 3 (its binary ops fail at rank 7 and above).
 */
export function lanesOf(tf: Tf, x: TfTensor, axis: number): TfTensor {
  const { outer, length, inner } = axisLayout(x.shape, normalizeAxis('softmax', axis, x.rank));
  return tf.reshape(x, [outer, length, inner]);
}

// tf.softmax works on the last axis only; this composition takes any axis
export const softmax: TfjsKernel<'softmax'> = {
  forward(tf, { x }, { axis }) {
    // nothing to normalize, and tfjs-webgl's reductions fail on an empty axis
    if (x.size === 0) return tf.clone(x);
    const lanes = lanesOf(tf, x, axis);
    const e = tf.exp(tf.sub(lanes, tf.max(lanes, 1, true)));
    return tf.reshape(tf.div(e, tf.sum(e, 1, true)), x.shape);
  },
  backward(tf, inputs, params, g) {
    if (g.size === 0) return { x: tf.clone(g) };
    const y = lanesOf(tf, softmax.forward(tf, inputs, params), params.axis);
    const gl = lanesOf(tf, g, params.axis);
    return { x: tf.reshape(tf.mul(y, tf.sub(gl, tf.sum(tf.mul(gl, y), 1, true))), g.shape) };
  },
};
