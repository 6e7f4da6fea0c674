import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';

/** The spec of `meanAbsoluteError`: params, reference math, docs and viz hints. */
export const meanAbsoluteErrorSpec = definePointwiseLoss({
  id: 'meanAbsoluteError',
  group: 'regression-loss',
  params: {},
  samples: { yTrue: { kind: 'uniform', lo: -3, hi: 3 }, yPred: { kind: 'uniform', lo: -3, hi: 3 } },
  loss: (t, y) => Math.abs(y - t),
  // Math.sign is 0 at 0 (PyTorch's sign convention for the kink) and NaN for NaN
  dloss: (t, y) => Math.sign(y - t),
  docs: {
    summary: 'The absolute difference between prediction and target, a regression loss robust to outliers.',
    formula: 'L = |\\hat y - y|',
    derivative: '\\frac{\\partial L}{\\partial \\hat y} = \\operatorname{sign}(\\hat y - y)',
    kinks: 'At yPred = yTrue the gradient is 0 (sign(0) = 0), as in PyTorch.',
    others:
      "PyTorch L1Loss and Keras MeanAbsoluteError agree (Keras reduces over the last axis first, then averages: the same 'mean').",
    seeAlso: ['meanSquaredError', 'huber', 'meanAbsolutePercentageError'],
    example: { inputs: { yTrue: [0, 1, 2], yPred: [0.5, 1, 0] }, output: 0.8333333333333334 },
  },
  viz: { domain: [-3, 3], kinks: () => [0], target: 0 },
});

/**
 * Mean absolute error: the absolute difference of prediction and target.
 *
 * @example
 * ```ts
 * await meanAbsoluteError([0, 1, 2], [0.5, 1, 0]); // 0.8333333
 * ```
 */
export const meanAbsoluteError = lossFunction(meanAbsoluteErrorSpec);

/**
 * Gradient of {@link meanAbsoluteError} with respect to `yPred`: `sign(yPred − yTrue)/n` for 'mean',
 * 0 where they are equal.
 *
 * @example
 * ```ts
 * await meanAbsoluteErrorGrad([0, 1, 2], [0.5, 1, 0]); // [0.3333333, 0, -0.3333333]
 * ```
 */
export const meanAbsoluteErrorGrad = lossGradient(meanAbsoluteErrorSpec);
