import { unaryKernel } from '../kernel.js';

export const relu6 = unaryKernel<'relu6'>(
  // tf.relu6 turns NaN into 0 on wasm; NaN is put back
  (tf, x) => tf.where(tf.isNaN(x), x, tf.relu6(x)),
  // tfjs's own gradient is 1 at x = 6; the catalog's is 1 only on 0 < x < 6
  (tf, x) => tf.cast(tf.logicalAnd(tf.greater(x, 0), tf.less(x, 6)), 'float32'),
);
