import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';

/** The spec of `softsign`: params, reference math, docs and viz hints. */
export const softsignSpec = defineActivation({
  id: 'softsign',
  group: 'saturating',
  params: {},
  // ±∞/∞ would be NaN; the limit is ±1
  f: (x) =>
    x === Number.POSITIVE_INFINITY ? 1 : x === Number.NEGATIVE_INFINITY ? -1 : x / (1 + Math.abs(x)),
  df: (x) => {
    // squaring the reciprocal (not the denominator) underflows gently instead of overflowing to ∞
    const r = 1 / (1 + Math.abs(x));
    return r * r;
  },
  docs: {
    properties: {
      range: '(−1, 1)',
      zeroCentred: 'yes',
      saturates: 'both',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'low',
    },
    summary:
      'A rational S-curve into (−1, 1) like tanh, but approaching its asymptotes polynomially rather than exponentially.',
    formula: 'f(x) = \\frac{x}{1 + |x|}',
    derivative: "f'(x) = \\frac{1}{(1 + |x|)^2}",
    kinks:
      'Continuously differentiable: the derivative is 1 from both sides at x = 0 (the second derivative jumps there). softsign(±∞) = ±1.',
    seeAlso: ['tanh', 'sigmoid'],
    example: { inputs: { x: [-3, -1, 0, 1, 3] }, output: [-0.75, -0.5, 0, 0.5, 0.75] },
  },
  viz: { domain: [-8, 8], kinks: () => [], asymptotes: () => [-1, 1] },
});

/**
 * Softsign `x/(1 + |x|)`: a cheap S-curve into (−1, 1) with polynomial tails.
 *
 * @example
 * ```ts
 * await softsign([-3, -1, 0, 1, 3]); // [-0.75, -0.5, 0, 0.5, 0.75]
 * ```
 */
export const softsign = activationFunction(softsignSpec);

/**
 * Gradient of {@link softsign}: `upstream / (1 + |x|)²`.
 *
 * @example
 * ```ts
 * await softsignGrad([-1, 0, 3]); // [0.25, 1, 0.0625]
 * ```
 */
export const softsignGrad = activationGradient(softsignSpec);
