import { unaryKernel } from '../kernel.js';

// tf.relu keeps NaN on cpu and wasm; its gradient would do, but the kink convention (0 at x = 0) is explicit here
export const relu = unaryKernel<'relu'>(
  (tf, x) => tf.relu(x),
  (tf, x) => tf.cast(tf.greater(x, 0), 'float32'),
);
