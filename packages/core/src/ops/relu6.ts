import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';

/** The spec of `relu6`: params, reference math, docs and viz hints. */
export const relu6Spec = defineActivation({
  id: 'relu6',
  group: 'piecewise-linear',
  params: {},
  // Math.min/Math.max keep NaN and give the limits 0 and 6 at ∓∞
  f: (x) => Math.min(Math.max(x, 0), 6),
  df: (x) => (x > 0 && x < 6 ? 1 : Number.isNaN(x) ? Number.NaN : 0),
  docs: {
    properties: {
      range: '[0, 6]',
      zeroCentred: 'no',
      saturates: 'both',
      dyingUnits: 'high',
      trainableParams: 'none',
      cost: 'lowest',
    },
    summary:
      'ReLU capped at 6, which keeps activations in a fixed range for low-precision (quantized) inference.',
    formula: 'f(x) = \\min(\\max(0, x), 6)',
    derivative: "f'(x) = \\begin{cases} 1 & 0 < x < 6 \\\\ 0 & \\text{otherwise} \\end{cases}",
    kinks: 'At x = 0 and at x = 6 the gradient is 0, as in PyTorch (where ReLU6 is Hardtanh(0, 6)).',
    others:
      'TensorFlow.js masks its gradient with x ≤ 6, so it gives 1 at x = 6 (and 0 at x = 0). ONNX has no Relu6 op: it is Clip(x, 0, 6).',
    paper: {
      title: 'Krizhevsky: Convolutional Deep Belief Networks on CIFAR-10 (2010)',
      url: 'https://www.cs.toronto.edu/~kriz/conv-cifar10-aug2010.pdf',
    },
    seeAlso: ['relu', 'hardTanh', 'hardSwish'],
    example: { inputs: { x: [-1, 0, 3, 6, 7.5] }, output: [0, 0, 3, 6, 6] },
  },
  viz: { domain: [-2, 8], kinks: () => [0, 6] },
});

/**
 * ReLU6: `min(max(0, x), 6)`.
 *
 * @example
 * ```ts
 * await relu6([-1, 0, 3, 6, 7.5]); // [0, 0, 3, 6, 6]
 * ```
 */
export const relu6 = activationFunction(relu6Spec);

/**
 * Gradient of {@link relu6}: `upstream` where 0 < x < 6, 0 elsewhere (also at x = 0 and x = 6).
 *
 * @example
 * ```ts
 * await relu6Grad([0, 3, 6, 7]); // [0, 1, 0, 0]
 * ```
 */
export const relu6Grad = activationGradient(relu6Spec);
