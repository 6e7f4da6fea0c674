import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';

/** The spec of `meanSquaredError`: params, reference math, docs and viz hints. */
export const meanSquaredErrorSpec = definePointwiseLoss({
  id: 'meanSquaredError',
  group: 'regression-loss',
  params: {},
  samples: { yTrue: { kind: 'uniform', lo: -3, hi: 3 }, yPred: { kind: 'uniform', lo: -3, hi: 3 } },
  loss: (t, y) => (y - t) * (y - t),
  dloss: (t, y) => 2 * (y - t),
  scaledGrad: (t, y, _p, g) => 2 * g * (y - t),
  docs: {
    summary: 'The squared difference between prediction and target, the standard regression loss.',
    formula: 'L = (\\hat y - y)^2',
    derivative: '\\frac{\\partial L}{\\partial \\hat y} = 2(\\hat y - y)',
    kinks: 'Smooth everywhere.',
    others:
      "PyTorch MSELoss and Keras agree (Keras reduces over the last axis first, then averages: the same 'mean').",
    seeAlso: ['meanAbsoluteError', 'huber', 'logCosh'],
    example: { inputs: { yTrue: [0, 1], yPred: [0.5, 0.5] }, output: 0.25 },
  },
  viz: { domain: [-3, 3], kinks: () => [], target: 0 },
});

/**
 * Mean squared error: the squared difference of prediction and target.
 *
 * @example
 * ```ts
 * await meanSquaredError([0, 1], [0.5, 0.5]); // 0.25
 * ```
 */
export const meanSquaredError = lossFunction(meanSquaredErrorSpec);

/**
 * Gradient of {@link meanSquaredError} with respect to `yPred`: `2(yPred − yTrue)/n` for 'mean'.
 *
 * @example
 * ```ts
 * await meanSquaredErrorGrad([0, 1], [0.5, 0.5]); // [0.5, -0.5]
 * ```
 */
export const meanSquaredErrorGrad = lossGradient(meanSquaredErrorSpec);
