import type { Reduction } from '@rectify/core';
import type { TfjsKernel } from '../kernel.js';
import { lossUpstream, reduceLoss } from '../losses.js';

export const meanSquaredError: TfjsKernel<'meanSquaredError'> = {
  forward: (tf, { yTrue, yPred }, { reduction }) =>
    reduceLoss(tf, tf.squaredDifference(yPred, yTrue), reduction as Reduction),
  backward(tf, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(tf, upstream, reduction as Reduction, yPred.shape);
    return { yPred: tf.mul(g, tf.mul(tf.sub(yPred, yTrue), 2)) };
  },
};
