import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { numberParam } from '../params.js';

/** The spec of `leakyRelu`: params, reference math, docs and viz hints. */
export const leakyReluSpec = defineActivation({
  id: 'leakyRelu',
  group: 'piecewise-linear',
  params: { alpha: numberParam(0.01, 'Slope for x ≤ 0.') },
  // alpha = 0 at −∞ is the limit 0, not 0·(−∞)
  f: (x, p) => (x > 0 ? x : p.alpha === 0 && x === Number.NEGATIVE_INFINITY ? 0 : p.alpha * x),
  df: (x, p) => (x > 0 ? 1 : p.alpha),
  docs: {
    properties: {
      range: '(−∞, ∞)',
      zeroCentred: 'no',
      saturates: 'none',
      dyingUnits: 'none',
      trainableParams: 'none',
      cost: 'low',
    },
    summary:
      'Rectifier with a small slope alpha for negative inputs, so no unit gets a zero gradient everywhere.',
    formula: 'f(x) = \\begin{cases} x & x > 0 \\\\ \\alpha x & x \\le 0 \\end{cases}',
    derivative: "f'(x) = \\begin{cases} 1 & x > 0 \\\\ \\alpha & x \\le 0 \\end{cases}",
    kinks: 'At x = 0 the gradient is alpha (the left slope), as in PyTorch.',
    others: 'Default alpha is 0.01 as in PyTorch and ONNX; TensorFlow.js and Keras default to 0.2.',
    paper: {
      title: 'Maas, Hannun, Ng: Rectifier Nonlinearities Improve Neural Network Acoustic Models (2013)',
      url: 'https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf',
    },
    seeAlso: ['relu', 'prelu', 'rrelu'],
    example: { params: { alpha: 0.01 }, inputs: { x: [-2, -1, 0, 1, 2] }, output: [-0.02, -0.01, 0, 1, 2] },
  },
  viz: { domain: [-4, 4], kinks: () => [0] },
});

/**
 * Leaky ReLU: `x` for positive inputs, `alpha·x` otherwise, so negative units keep a small gradient
 * and cannot "die".
 *
 * @example
 * ```ts
 * await leakyRelu([-2, -1, 0, 1, 2], { alpha: 0.01 }); // [-0.02, -0.01, 0, 1, 2]
 * ```
 */
export const leakyRelu = activationFunction(leakyReluSpec);

/**
 * Gradient of {@link leakyRelu}: `upstream · (x > 0 ? 1 : alpha)`.
 *
 * @example
 * ```ts
 * await leakyReluGrad([-1, 0, 1], { alpha: 0.1 }); // [0.1, 0.1, 1]
 * ```
 */
export const leakyReluGrad = activationGradient(leakyReluSpec);
