import type { Tf, TfjsKernel, TfTensor } from '../kernel.js';
import { onWasm } from '../kernel.js';
import { alongLanes, lanesOf } from './softmax.js';
import { log1pOf } from './softplus.js';

/**
 * log softmax along axis 1 of lanes: x − m − log Σ e^(x − m) as log1p of the remainder r = Σ over
 * the others, as core does: the max's own term is exactly 1, and log(1 + r) would round away a small
 * remainder (the max's log-probability −log1p(r) ≈ −r). The terms below the max are summed with a
 * mask b (1 where x − m < 0), and the entries at the max are counted as C − Σ b, all but one of them
 * being part of the remainder. A NaN entry, a +∞ entry (∞ − ∞) and a lane of only −∞ (−∞ − −∞) each
 * give a NaN term, which makes the whole lane NaN as in core and PyTorch; a −∞ entry beside finite ones
 * gives −∞.
 */
function logSoftmaxOfLanes(tf: Tf, lanes: TfTensor): TfTensor {
  const shifted = tf.sub(lanes, alongLanes(tf, tf.max(lanes, 1, true), lanes));
  // b is NaN for a NaN entry on wasm (a step) and 0 on cpu (a cast comparison, one JavaScript pass
  // where a step costs two); the NaN e^(x − m) makes the lane NaN either way
  const below = onWasm(tf) ? tf.step(tf.neg(shifted), 0) : tf.cast(tf.less(shifted, 0), 'float32');
  const others = tf.sum(tf.mul(tf.exp(shifted), below), 1, true);
  const ties = tf.sub(lanes.shape[1]! - 1, tf.sum(below, 1, true));
  return tf.sub(shifted, alongLanes(tf, log1pOf(tf, tf.add(others, ties)), lanes));
}

// tf.logSoftmax works on the last axis only (and rounds log(1 + r)); the lanes view takes any axis
export const logSoftmax: TfjsKernel<'logSoftmax'> = {
  forward(tf, { x }, { axis }) {
    // nothing to normalize, and tfjs-webgl's reductions fail on an empty axis
    if (x.size === 0) return tf.clone(x);
    return tf.reshape(logSoftmaxOfLanes(tf, lanesOf(tf, x, axis)), x.shape);
  },
  backward(tf, { x }, { axis }, g) {
    if (g.size === 0) return { x: tf.clone(g) };
    // dx = g − softmax(x)·Σ g along the axis, with softmax = e^y
    const y = logSoftmaxOfLanes(tf, lanesOf(tf, x, axis));
    const gl = lanesOf(tf, g, axis);
    return { x: tf.reshape(tf.sub(gl, tf.mul(tf.exp(y), alongLanes(tf, tf.sum(gl, 1, true), gl))), g.shape) };
  },
};
