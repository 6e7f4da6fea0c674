import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';

/** The spec of `tanh`: params, reference math, docs and viz hints. */
export const tanhSpec = defineActivation({
  id: 'tanh',
  group: 'saturating',
  params: {},
  f: (x) => Math.tanh(x),
  df: (x) => {
    // 1 − tanh² as sech² = 1/cosh²: 1 − y² cancels once |y| is near 1 and leaves only absolute
    // accuracy there; cosh overflows to ∞ only where sech² underflows to 0 anyway
    const r = 1 / Math.cosh(x);
    return r * r;
  },
  docs: {
    properties: {
      range: '(−1, 1)',
      zeroCentred: 'yes',
      saturates: 'both',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
    summary: 'The hyperbolic tangent: a zero-centred squashing of any real number into (−1, 1).',
    formula: 'f(x) = \\tanh x = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}',
    derivative: "f'(x) = 1 - \\tanh^2 x = \\operatorname{sech}^2 x",
    kinks: 'Smooth everywhere. tanh(±∞) = ±1 with derivative 0.',
    seeAlso: ['sigmoid', 'hardTanh', 'softsign'],
    example: { inputs: { x: [-1, 0, 1] }, output: [-0.7615941559557649, 0, 0.7615941559557649] },
  },
  viz: { domain: [-4, 4], kinks: () => [], asymptotes: () => [-1, 1] },
});

/**
 * Hyperbolic tangent `(e^x − e^(−x))/(e^x + e^(−x))`, a zero-centred S-curve into (−1, 1).
 *
 * @example
 * ```ts
 * await tanh([-1, 0, 1]); // [-0.76159416, 0, 0.76159416]
 * ```
 */
export const tanh = activationFunction(tanhSpec);

/**
 * Gradient of {@link tanh}: `upstream · (1 − tanh²(x))`.
 *
 * @example
 * ```ts
 * await tanhGrad([0, 1]); // [1, 0.41997434]
 * ```
 */
export const tanhGrad = activationGradient(tanhSpec);
