import type { TfjsKernel } from '../kernel.js';
import { lanesOf } from './softmax.js';
import { log1pOf } from './softplus.js';

// tf.logSoftmax works on the last axis only; this composition takes any axis
export const logSoftmax: TfjsKernel<'logSoftmax'> = {
  forward(tf, { x }, { axis }) {
    // nothing to normalize, and tfjs-webgl's reductions fail on an empty axis
    if (x.size === 0) return tf.clone(x);
    const lanes = lanesOf(tf, x, axis);
    const shifted = tf.sub(lanes, tf.max(lanes, 1, true));
    // log Σ e^(x − m) = log1p(Σ over the others), as core does: the max's own term is exactly 1, and
    // log(1 + r) would round away a small remainder r (the max's log-probability −log1p(r) ≈ −r).
    // The terms at the max are left out of the sum and counted instead, all but one of them being
    // part of the remainder. A NaN entry, a +∞ entry (∞ − ∞) and a lane of only −∞ (−∞ − −∞) each
    // give a NaN term, which makes the whole lane NaN as in core and PyTorch; a −∞ entry beside
    // finite ones gives −∞.
    const atMax = tf.equal(shifted, 0);
    const others = tf.sum(tf.where(atMax, tf.zerosLike(shifted), tf.exp(shifted)), 1, true);
    const ties = tf.sub(tf.sum(tf.cast(atMax, 'float32'), 1, true), 1);
    return tf.reshape(tf.sub(shifted, log1pOf(tf, tf.add(others, ties))), x.shape);
  },
  backward(tf, inputs, params, g) {
    if (g.size === 0) return { x: tf.clone(g) };
    // dx = g − softmax(x)·Σ g along the axis, with softmax = e^y
    const y = lanesOf(tf, logSoftmax.forward(tf, inputs, params), params.axis);
    const gl = lanesOf(tf, g, params.axis);
    return { x: tf.reshape(tf.sub(gl, tf.mul(tf.exp(y), tf.sum(gl, 1, true))), g.shape) };
  },
};
