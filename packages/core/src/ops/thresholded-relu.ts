import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { numberParam } from '../params.js';

/** The spec of `thresholdedRelu`: params, reference math, docs and viz hints. */
export const thresholdedReluSpec = defineActivation({
  id: 'thresholdedRelu',
  group: 'piecewise-linear',
  params: { alpha: numberParam(1, 'Threshold: inputs at or below it give 0.') },
  // NaN fails both comparisons and is returned as is
  f: (x, p) => (x > p.alpha ? x : x <= p.alpha ? 0 : x),
  df: (x, p) => (x > p.alpha ? 1 : x <= p.alpha ? 0 : Number.NaN),
  docs: {
    properties: {
      range: '{0} ∪ (α, ∞)',
      zeroCentred: 'no',
      saturates: 'left',
      dyingUnits: 'high',
      trainableParams: 'none',
      cost: 'lowest',
    },
    summary:
      'Passes inputs above the threshold alpha unchanged and sets the rest to 0: a ReLU whose cut is moved to alpha.',
    formula: 'f(x) = \\begin{cases} x & x > \\alpha \\\\ 0 & x \\le \\alpha \\end{cases}',
    derivative: "f'(x) = \\begin{cases} 1 & x > \\alpha \\\\ 0 & x \\le \\alpha \\end{cases}",
    kinks:
      'f jumps from 0 to alpha at x = alpha (unless alpha = 0); the gradient there is 0, from the x ≤ alpha branch.',
    others:
      'ONNX ThresholdedRelu (alpha) and the Keras 2 and TensorFlow.js ThresholdedReLU layer (theta) also default to 1; Keras requires theta ≥ 0, Rectify takes any finite alpha. In PyTorch it is nn.Threshold(alpha, 0).',
    paper: {
      title:
        'Konda, Memisevic, Krueger: Zero-bias autoencoders and the benefits of co-adapting features (2014)',
      url: 'https://arxiv.org/abs/1402.3337',
    },
    seeAlso: ['relu', 'hardTanh'],
    example: { params: { alpha: 1 }, inputs: { x: [-1, 0.5, 1, 1.5, 3] }, output: [0, 0, 0, 1.5, 3] },
  },
  viz: { domain: [-2, 4], kinks: (p) => [p.alpha] },
});

/**
 * Thresholded ReLU: `x` where `x > alpha`, 0 elsewhere.
 *
 * @example
 * ```ts
 * await thresholdedRelu([-1, 0.5, 1, 1.5, 3], { alpha: 1 }); // [0, 0, 0, 1.5, 3]
 * ```
 */
export const thresholdedRelu = activationFunction(thresholdedReluSpec);

/**
 * Gradient of {@link thresholdedRelu}: `upstream` where `x > alpha`, 0 elsewhere (also at x = alpha).
 *
 * @example
 * ```ts
 * await thresholdedReluGrad([0.5, 1, 1.5], { alpha: 1 }); // [0, 0, 1]
 * ```
 */
export const thresholdedReluGrad = activationGradient(thresholdedReluSpec);
