import type { TfjsKernel } from '../kernel.js';

// tf.softmax works on the last axis only; this composition takes any axis
export const softmax: TfjsKernel<'softmax'> = {
  forward(tf, { x }, { axis }) {
    const e = tf.exp(tf.sub(x, tf.max(x, axis, true)));
    return tf.div(e, tf.sum(e, axis, true));
  },
  backward(tf, inputs, params, g) {
    const y = softmax.forward(tf, inputs, params);
    return { x: tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), params.axis, true))) };
  },
};
