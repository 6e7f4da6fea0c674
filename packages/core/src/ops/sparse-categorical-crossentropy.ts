import { definePerSampleLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import { booleanParam } from '../params.js';
import { crossentropyLane, crossentropyLaneGrad } from './categorical-crossentropy.js';

/** The spec of `sparseCategoricalCrossentropy`: params, reference math, docs and viz hints. */
export const sparseCategoricalCrossentropySpec = definePerSampleLoss({
  id: 'sparseCategoricalCrossentropy',
  group: 'probabilistic-loss',
  // the builder checks every label is an integer in [0, C) and hands each lane its one-hot targets
  labels: 'sparse',
  params: {
    fromLogits: booleanParam(
      false,
      'Whether yPred holds logits (softmax is applied) instead of probabilities.',
    ),
  },
  samples: { yTrue: { kind: 'classIndex' }, yPred: { kind: 'uniform', lo: 0.05, hi: 1 } },
  sample: (t, y, p) => crossentropyLane(t, y, p.fromLogits),
  sampleGrad: (t, y, p, dy) => crossentropyLaneGrad(t, y, p.fromLogits, dy),
  docs: {
    summary:
      'Categorical cross-entropy with the targets given as integer class indices instead of one-hot vectors.',
    formula:
      'L = -\\log p_{c},\\quad p = \\operatorname{clip}\\!\\left(\\frac{\\hat y}{\\sum_k \\hat y_k}, \\epsilon, 1 - \\epsilon\\right),\\ c = y;\\ \\text{logits: } L = -\\operatorname{logSoftmax}(\\hat y)_{c}',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y_k} = \\frac{a_k - a_c q_c}{S},\\ q = \\frac{\\hat y}{S},\\ S = \\sum_j \\hat y_j,\\ a_k = -\\frac{[k = c]}{q_c} [\\epsilon \\le q_c \\le 1 - \\epsilon];\\ \\text{logits: } \\operatorname{softmax}(\\hat y)_k - [k = c]',
    kinks:
      'As categoricalCrossentropy with a one-hot target: the normalized probability of the labelled class is clipped to [eps, 1 − eps] with eps = 1e-7 as torch.clamp (gradient on the closed interval, 0 outside). Labels must be integers in [0, C): anything else is an InvalidInputError.',
    others:
      'Keras SparseCategoricalCrossentropy takes the same inputs (integer labels with probabilities or logits). PyTorch CrossEntropyLoss with class-index targets and ONNX SoftmaxCrossEntropyLoss are this loss from logits with the classes on axis 1 (use fromLogits: true, axis: 1); neither takes probabilities.',
    seeAlso: ['categoricalCrossentropy', 'softmax', 'logSoftmax'],
    example: { inputs: { yTrue: [2], yPred: [[0.2, 0.3, 0.5]] }, output: Math.LN2 },
  },
  viz: { domain: [0.01, 1], kinks: () => [], target: 0 },
});

/**
 * Sparse categorical cross-entropy: categorical cross-entropy against the one-hot of integer class
 * labels (int32, the shape of yPred without the class axis).
 *
 * @example
 * ```ts
 * await sparseCategoricalCrossentropy(tensor([2], [1], 'int32'), [[0.2, 0.3, 0.5]]); // 0.6931472 = ln 2
 * ```
 */
export const sparseCategoricalCrossentropy = lossFunction(sparseCategoricalCrossentropySpec);

/**
 * Gradient of {@link sparseCategoricalCrossentropy} with respect to `yPred`; `softmax(yPred) − onehot`
 * from logits.
 *
 * @example
 * ```ts
 * await sparseCategoricalCrossentropyGrad(tensor([2], [1], 'int32'), [[0.2, 0.3, 0.5]]); // [[1, 1, -1]]
 * ```
 */
export const sparseCategoricalCrossentropyGrad = lossGradient(sparseCategoricalCrossentropySpec);
