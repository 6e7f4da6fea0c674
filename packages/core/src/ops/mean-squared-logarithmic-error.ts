import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';

const EPS = 1e-7;

/** The spec of `meanSquaredLogarithmicError`: params, reference math, docs and viz hints. */
export const meanSquaredLogarithmicErrorSpec = definePointwiseLoss({
  id: 'meanSquaredLogarithmicError',
  group: 'regression-loss',
  params: {},
  samples: { yTrue: { kind: 'uniform', lo: 0, hi: 5 }, yPred: { kind: 'uniform', lo: 0.01, hi: 5 } },
  loss: (t, y) => {
    const d = Math.log1p(Math.max(y, EPS)) - Math.log1p(Math.max(t, EPS));
    return d * d;
  },
  dloss: (t, y) => {
    // below the clip the loss is flat in yPred; NaN fails `y < EPS` and reaches the formula
    if (y < EPS) return Number.isNaN(t) ? Number.NaN : 0;
    // 2·log(1 + y)/(1 + y) → 0 as y → ∞, where the formula would give ∞/∞
    if (y === Number.POSITIVE_INFINITY)
      return t === Number.POSITIVE_INFINITY || Number.isNaN(t) ? Number.NaN : 0;
    return (2 * (Math.log1p(y) - Math.log1p(Math.max(t, EPS)))) / (1 + y);
  },
  docs: {
    summary:
      'The squared difference of log(1 + x) of prediction and target: a relative error for non-negative targets.',
    formula:
      'L = \\left(\\log(1 + \\max(\\hat y, \\epsilon)) - \\log(1 + \\max(y, \\epsilon))\\right)^2,\\quad \\epsilon = 10^{-7}',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y} = \\frac{2\\left(\\log(1 + \\hat y) - \\log(1 + \\max(y, \\epsilon))\\right)}{1 + \\hat y}\\ \\text{for}\\ \\hat y \\ge \\epsilon,\\ 0\\ \\text{below}',
    kinks:
      'yPred is clipped at eps = 1e-7 as torch.clamp: the gradient passes for yPred ≥ eps (eps itself included) and is 0 below.',
    others:
      'Keras MeanSquaredLogarithmicError clips both inputs at its epsilon (1e-7) the same way. PyTorch has no built-in MSLE.',
    seeAlso: ['meanSquaredError', 'meanAbsolutePercentageError', 'poisson'],
    example: { inputs: { yTrue: [1], yPred: [3] }, output: 0.4804530139182014 },
  },
  viz: { domain: [0, 5], kinks: () => [EPS], target: 1 },
});

/**
 * Mean squared logarithmic error: the squared difference of `log(1 + x)` of prediction and target,
 * both clipped below at 1e-7.
 *
 * @example
 * ```ts
 * await meanSquaredLogarithmicError([1], [3]); // 0.4804530 = (ln 2)²
 * ```
 */
export const meanSquaredLogarithmicError = lossFunction(meanSquaredLogarithmicErrorSpec);

/**
 * Gradient of {@link meanSquaredLogarithmicError} with respect to `yPred`:
 * `2(log1p(yPred) − log1p(yTrue))/(1 + yPred)`, 0 where yPred is clipped.
 *
 * @example
 * ```ts
 * await meanSquaredLogarithmicErrorGrad([1], [3]); // [0.3465736] = ln 2 / 2
 * ```
 */
export const meanSquaredLogarithmicErrorGrad = lossGradient(meanSquaredLogarithmicErrorSpec);
