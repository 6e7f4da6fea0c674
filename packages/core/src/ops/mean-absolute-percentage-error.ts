import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';

const EPS = 1e-7;

/** The spec of `meanAbsolutePercentageError`: params, reference math, docs and viz hints. */
export const meanAbsolutePercentageErrorSpec = definePointwiseLoss({
  id: 'meanAbsolutePercentageError',
  group: 'regression-loss',
  params: {},
  samples: { yTrue: { kind: 'uniform', lo: 0.5, hi: 5 }, yPred: { kind: 'uniform', lo: -5, hi: 5 } },
  loss: (t, y) => {
    // |t − y|/|t| → 1 as |t| → ∞ for finite y, where the formula would give ∞/∞
    if (Math.abs(t) === Number.POSITIVE_INFINITY) return Number.isFinite(y) ? 100 : Number.NaN;
    return (100 * Math.abs(t - y)) / Math.max(Math.abs(t), EPS);
  },
  dloss: (t, y) => (100 * Math.sign(y - t)) / Math.max(Math.abs(t), EPS),
  docs: {
    summary: 'The absolute error as a percentage of the target: 100·|yTrue − yPred| / |yTrue|.',
    formula: 'L = \\frac{100\\,|y - \\hat y|}{\\max(|y|, \\epsilon)},\\quad \\epsilon = 10^{-7}',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y} = \\frac{100 \\operatorname{sign}(\\hat y - y)}{\\max(|y|, \\epsilon)}',
    kinks:
      'At yPred = yTrue the gradient is 0 (sign(0) = 0), as in PyTorch. The denominator is floored at eps = 1e-7, so a zero target gives a huge but finite loss.',
    others:
      'Keras MeanAbsolutePercentageError uses the same floor (its epsilon, 1e-7) and reduces over the last axis first, then averages: the same mean. PyTorch has no built-in MAPE.',
    seeAlso: ['meanAbsoluteError', 'meanSquaredLogarithmicError'],
    example: { inputs: { yTrue: [2, 4], yPred: [1, 5] }, output: 37.5 },
  },
  viz: { domain: [-1, 3], kinks: () => [1], target: 1 },
});

/**
 * Mean absolute percentage error: `100·|yTrue − yPred| / max(|yTrue|, 1e-7)`.
 *
 * @example
 * ```ts
 * await meanAbsolutePercentageError([2, 4], [1, 5]); // 37.5
 * ```
 */
export const meanAbsolutePercentageError = lossFunction(meanAbsolutePercentageErrorSpec);

/**
 * Gradient of {@link meanAbsolutePercentageError} with respect to `yPred`:
 * `100·sign(yPred − yTrue)/max(|yTrue|, 1e-7)`, divided by n for 'mean'.
 *
 * @example
 * ```ts
 * await meanAbsolutePercentageErrorGrad([2, 4], [1, 5]); // [-25, 12.5]
 * ```
 */
export const meanAbsolutePercentageErrorGrad = lossGradient(meanAbsolutePercentageErrorSpec);
