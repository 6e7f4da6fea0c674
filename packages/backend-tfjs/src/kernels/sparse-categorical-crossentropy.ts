import type { TfjsKernel } from '../kernel.js';
import { crossentropy, crossentropyGrad, perSampleLoss } from '../losses.js';

export const sparseCategoricalCrossentropy: TfjsKernel<'sparseCategoricalCrossentropy'> = perSampleLoss({
  // the one-hot of the class indices (made int32, they may arrive as floats): each label, with a size-1
  // class axis, compared against 0…C−1 laid along that axis
  targets: (tf, yTrue, { outer, length, inner }) => {
    const labels = tf.reshape(tf.cast(yTrue, 'int32'), [outer, 1, inner]);
    const classes = tf.reshape(tf.range(0, length, 1, 'int32'), [1, length, 1]);
    return tf.cast(tf.equal(labels, classes), 'float32');
  },
  loss: (tf, t, y, { fromLogits }) => crossentropy(tf, t, y, fromLogits),
  grad: (tf, t, y, { fromLogits }) => crossentropyGrad(tf, t, y, fromLogits),
});
