import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { sigmoid as sigmoidOf } from '../numerics.js';

/** The spec of `sigmoid`: params, reference math, docs and viz hints. */
export const sigmoidSpec = defineActivation({
  id: 'sigmoid',
  group: 'saturating',
  params: {},
  f: (x) => sigmoidOf(x),
  // y·(1 − y) written as σ(x)·σ(−x): 1 − y would cancel to 0 for large x while σ(−x) keeps its digits
  df: (x) => sigmoidOf(x) * sigmoidOf(-x),
  docs: {
    properties: {
      range: '(0, 1)',
      zeroCentred: 'no',
      saturates: 'both',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
    summary:
      'The logistic function: squashes any real number into (0, 1), the probability of a binary outcome.',
    formula: 'f(x) = \\sigma(x) = \\frac{1}{1 + e^{-x}}',
    derivative: "f'(x) = \\sigma(x)\\,(1 - \\sigma(x)) = \\sigma(x)\\,\\sigma(-x)",
    kinks: 'Smooth everywhere. Computed without overflow for large |x|: sigmoid(−∞) = 0, sigmoid(+∞) = 1.',
    seeAlso: ['logSigmoid', 'hardSigmoid', 'tanh', 'softmax', 'silu'],
    example: { inputs: { x: [-1, 0, 1] }, output: [0.2689414213699951, 0.5, 0.7310585786300049] },
  },
  viz: { domain: [-6, 6], kinks: () => [], asymptotes: () => [0, 1] },
});

/**
 * Sigmoid (logistic function) `1/(1 + e^(−x))`, computed so that `e^x` is only taken of non-positive
 * numbers and nothing overflows.
 *
 * @example
 * ```ts
 * await sigmoid([-1, 0, 1]); // [0.26894142, 0.5, 0.73105858]
 * ```
 */
export const sigmoid = activationFunction(sigmoidSpec);

/**
 * Gradient of {@link sigmoid}: `upstream · σ(x)·(1 − σ(x))`.
 *
 * @example
 * ```ts
 * await sigmoidGrad([0, 1]); // [0.25, 0.19661193]
 * ```
 */
export const sigmoidGrad = activationGradient(sigmoidSpec);
