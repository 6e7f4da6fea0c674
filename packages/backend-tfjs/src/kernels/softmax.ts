import { axisLayout, normalizeAxis } from '@rectify/core';
import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';

/**
 * x as lanes along the softmax axis: [outer, C] when the axis is the last one, [outer, C, inner]
 * otherwise, so any axis works without a transpose and tfjs-wasm never sees a rank above 3 (its binary
 * ops fail at rank 7 and above).
 */
export function lanesOf(tf: Tf, x: TfTensor, axis: number): TfTensor {
  const { outer, length, inner } = axisLayout(x.shape, normalizeAxis('softmax', axis, x.rank));
  return tf.reshape(x, inner === 1 ? [outer, length] : [outer, length, inner]);
}

/**
 * A per-lane value (the lanes reduced with keepDims) repeated along the lanes: a product with a row of
 * ones, v·1 exactly (NaN and ±∞ kept). tfjs-cpu broadcasts [outer, 1] against [outer, C] element by element
 * through index arithmetic, ~7 times slower than this matMul and a same-shape op together.
 */
export function alongLanes(tf: Tf, v: TfTensor, lanes: TfTensor): TfTensor {
  const length = lanes.shape[1]!;
  return lanes.rank === 2 ? tf.matMul(v, tf.ones([1, length])) : tf.matMul(tf.ones([1, length, 1]), v);
}

/** softmax along axis 1 of lanes: tfjs's own kernel for 2-D lanes where it has one (wasm, webgl). */
function softmaxOfLanes(tf: Tf, lanes: TfTensor): TfTensor {
  if (lanes.rank === 2 && tf.getBackend() !== 'cpu') return tf.softmax(lanes);
  // tfjs-cpu's softmax is this composition with broadcasting binary ops
  const e = tf.exp(tf.sub(lanes, alongLanes(tf, tf.max(lanes, 1, true), lanes)));
  return tf.div(e, alongLanes(tf, tf.sum(e, 1, true), lanes));
}

// tf.softmax works on the last axis only; the lanes view takes any axis
export const softmax: TfjsKernel<'softmax'> = {
  forward(tf, { x }, { axis }) {
    // nothing to normalize, and tfjs-webgl's reductions fail on an empty axis
    if (x.size === 0) return tf.clone(x);
    return tf.reshape(softmaxOfLanes(tf, lanesOf(tf, x, axis)), x.shape);
  },
  backward(tf, { x }, { axis }, g) {
    if (g.size === 0) return { x: tf.clone(g) };
    const y = softmaxOfLanes(tf, lanesOf(tf, x, axis));
    const gl = lanesOf(tf, g, axis);
    const dot = alongLanes(tf, tf.sum(tf.mul(gl, y), 1, true), gl);
    return { x: tf.reshape(tf.mul(y, tf.sub(gl, dot)), g.shape) };
  },
};
