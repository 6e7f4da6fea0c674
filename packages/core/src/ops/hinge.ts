import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import type { Tensor } from '../tensor.js';

/**
 * The labels hinge losses use: yTrue itself, or 2·yTrue − 1 when every label of the tensor is 0 or 1,
 * so that binary {0, 1} labels work as {−1, 1} (decided over the whole tensor, as Keras does).
 */
export function hingeTargets(yTrue: Tensor): ArrayLike<number> {
  const y = yTrue.data;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) return y;
  }
  const t = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) t[i] = 2 * y[i]! - 1;
  return t;
}

/** The spec of `hinge`: params, reference math, docs and viz hints. */
export const hingeSpec = definePointwiseLoss({
  id: 'hinge',
  group: 'margin-loss',
  params: {},
  samples: { yTrue: { kind: 'sign' }, yPred: { kind: 'uniform', lo: -3, hi: 3 } },
  targets: (yTrue) => hingeTargets(yTrue),
  loss: (t, y) => Math.max(0, 1 - t * y),
  dloss: (t, y) => {
    const m = 1 - t * y;
    if (Number.isNaN(m)) return Number.NaN;
    // as relu: no gradient at a margin of exactly 0
    return m > 0 ? -t : 0;
  },
  docs: {
    summary:
      'The margin loss of support vector machines: zero once the prediction has the label’s sign with a margin of 1.',
    formula: 'L = \\max(0,\\ 1 - t\\,\\hat y),\\quad t \\in \\{-1, 1\\}',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y} = \\begin{cases} -t & 1 - t\\,\\hat y > 0 \\\\ 0 & \\text{otherwise} \\end{cases}',
    kinks:
      'At t·yPred = 1 the gradient is 0, as relu’s at 0. Labels are −1 or 1; when every label of yTrue is 0 or 1 they are mapped to 2·yTrue − 1 first.',
    others:
      'Keras Hinge maps 0/1 labels the same way (when all labels are 0 or 1). TensorFlow.js tf.losses.hingeLoss always maps labels with 2·y − 1, expecting 0/1 labels. PyTorch HingeEmbeddingLoss is a different loss.',
    seeAlso: ['squaredHinge', 'binaryCrossentropy', 'relu'],
    example: { inputs: { yTrue: [1, -1, 1], yPred: [0.3, 0.4, 2] }, output: 0.7 },
  },
  viz: { domain: [-3, 3], kinks: () => [1], target: 1 },
});

/**
 * Hinge loss: `max(0, 1 − t·yPred)` with labels t in {−1, 1} (0/1 labels are mapped to −1/1).
 *
 * @example
 * ```ts
 * await hinge([1, -1, 1], [0.3, 0.4, 2]); // 0.7
 * ```
 */
export const hinge = lossFunction(hingeSpec);

/**
 * Gradient of {@link hinge} with respect to `yPred`: `−t` where the margin `1 − t·yPred` is positive,
 * 0 elsewhere (divided by n for 'mean').
 *
 * @example
 * ```ts
 * await hingeGrad([1, -1, 1], [0.3, 0.4, 2]); // [-0.3333333, 0.3333333, 0]
 * ```
 */
export const hingeGrad = lossGradient(hingeSpec);
