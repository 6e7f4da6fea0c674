import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';

/** The spec of `relu`: params, reference math, docs and viz hints. */
export const reluSpec = defineActivation({
  id: 'relu',
  group: 'piecewise-linear',
  params: {},
  // Math.max, not `x > 0 ? x : 0`: the select would turn NaN into 0
  f: (x) => Math.max(x, 0),
  df: (x) => (x > 0 ? 1 : x <= 0 ? 0 : Number.NaN),
  docs: {
    properties: {
      range: '[0, ∞)',
      zeroCentred: 'no',
      saturates: 'left',
      dyingUnits: 'high',
      trainableParams: 'none',
      cost: 'lowest',
    },
    summary: 'Rectified linear unit: passes positive inputs through and sets the rest to 0.',
    formula: 'f(x) = \\max(0, x)',
    derivative: "f'(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}",
    kinks: 'At x = 0 the gradient is 0, as in PyTorch and TensorFlow.js.',
    others:
      "Keras's relu also takes negative_slope, max_value and threshold; with their defaults it is this op. PyTorch, TensorFlow.js and ONNX Relu have no params.",
    paper: {
      title: 'Nair, Hinton: Rectified Linear Units Improve Restricted Boltzmann Machines (ICML 2010)',
      url: 'https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf',
    },
    seeAlso: ['leakyRelu', 'relu6', 'elu', 'gelu'],
    example: { inputs: { x: [-2, -1, 0, 1, 2] }, output: [0, 0, 0, 1, 2] },
  },
  viz: { domain: [-4, 4], kinks: () => [0] },
});

/**
 * ReLU: `max(0, x)`, the identity for positive inputs and 0 elsewhere.
 *
 * @example
 * ```ts
 * await relu([-2, -1, 0, 1, 2]); // [0, 0, 0, 1, 2]
 * ```
 */
export const relu = activationFunction(reluSpec);

/**
 * Gradient of {@link relu}: `upstream · (x > 0 ? 1 : 0)`, so 0 at x = 0.
 *
 * @example
 * ```ts
 * await reluGrad([-1, 0, 1]); // [0, 0, 1]
 * ```
 */
export const reluGrad = activationGradient(reluSpec);
