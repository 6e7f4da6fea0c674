import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import { timesInfinity } from '../numerics.js';

const EPS = 1e-7;

/** The spec of `poisson`: params, reference math, docs and viz hints. */
export const poissonSpec = definePointwiseLoss({
  id: 'poisson',
  group: 'probabilistic-loss',
  params: {},
  samples: { yTrue: { kind: 'uniform', lo: 0, hi: 5 }, yPred: { kind: 'uniform', lo: 0.05, hi: 5 } },
  loss: (t, y) => {
    // the rate term grows faster than the log: the limit at yPred = +∞ is +∞ for any finite count
    if (y === Number.POSITIVE_INFINITY) return Number.isFinite(t) ? y : Number.NaN;
    const l = Math.log(y + EPS);
    // at yPred = −eps the log is −∞; a zero count still contributes nothing there (0·∞ = 0)
    return y - (l === Number.NEGATIVE_INFINITY ? timesInfinity(t, l) : t * l);
  },
  dloss: (t, y) => 1 - t / (y + EPS),
  docs: {
    summary:
      'The negative log-likelihood of counts yTrue under a Poisson distribution with rate yPred (up to a constant).',
    formula: 'L = \\hat y - y \\log(\\hat y + \\epsilon),\\quad \\epsilon = 10^{-7}',
    derivative: '\\frac{\\partial L}{\\partial \\hat y} = 1 - \\frac{y}{\\hat y + \\epsilon}',
    kinks:
      'Smooth for yPred > −eps; eps = 1e-7 keeps log finite at yPred = 0 (no clipping, so the gradient is never cut off). The constant log(yTrue!) is left out.',
    others:
      'Keras Poisson computes the same (with its epsilon 1e-7). PyTorch PoissonNLLLoss takes the log-rate by default (log_input=True: exp(input) − target·input); with log_input=False it is this formula with eps = 1e-8.',
    seeAlso: ['meanSquaredLogarithmicError', 'kullbackLeiblerDivergence'],
    example: { inputs: { yTrue: [0, 2], yPred: [2, 1] }, output: 1.499999900000005 },
  },
  viz: { domain: [0.05, 5], kinks: () => [], target: 1 },
});

/**
 * Poisson loss: `yPred − yTrue·log(yPred + 1e-7)`, for a predicted rate yPred and observed counts yTrue.
 *
 * @example
 * ```ts
 * await poisson([0, 2], [2, 1]); // 1.4999999
 * ```
 */
export const poisson = lossFunction(poissonSpec);

/**
 * Gradient of {@link poisson} with respect to `yPred`: `1 − yTrue/(yPred + 1e-7)`, divided by n for 'mean'.
 *
 * @example
 * ```ts
 * await poissonGrad([0, 2], [2, 1]); // [0.5, -0.4999999]
 * ```
 */
export const poissonGrad = lossGradient(poissonSpec);
