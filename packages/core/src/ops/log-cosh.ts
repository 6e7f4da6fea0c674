import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';

/**
 * log(cosh(d)) without overflow or cancellation. Near 0, cosh(d) = 1 + 2·sinh²(d/2) and log1p keep
 * the tiny result exact; for |d| > 1, log cosh d = |d| − ln 2 + log1p(e^(−2|d|)) never exponentiates
 * a positive number.
 */
function logCoshOf(d: number): number {
  const a = Math.abs(d);
  if (a <= 1) {
    const h = d / 2;
    const s = (Math.expm1(h) - Math.expm1(-h)) / 2;
    return Math.log1p(2 * s * s);
  }
  // NaN lands here and stays NaN
  return a - Math.LN2 + Math.log1p(Math.exp(-2 * a));
}

/** The spec of `logCosh`: params, reference math, docs and viz hints. */
export const logCoshSpec = definePointwiseLoss({
  id: 'logCosh',
  group: 'regression-loss',
  params: {},
  samples: { yTrue: { kind: 'uniform', lo: -3, hi: 3 }, yPred: { kind: 'uniform', lo: -3, hi: 3 } },
  loss: (t, y) => logCoshOf(y - t),
  dloss: (t, y) => Math.tanh(y - t),
  docs: {
    summary:
      'The log of the hyperbolic cosine of the error: about d²/2 near the target and |d| − ln 2 far from it.',
    formula: 'L = \\log\\cosh(\\hat y - y)',
    derivative: '\\frac{\\partial L}{\\partial \\hat y} = \\tanh(\\hat y - y)',
    kinks:
      'Smooth everywhere. Computed as log1p(2·sinh²(d/2)) for |d| ≤ 1 and |d| − ln 2 + log1p(exp(−2|d|)) beyond, so it neither overflows nor loses digits near 0; ±∞ give +∞ with gradient ±1.',
    others:
      'Keras LogCosh computes the same loss (as d + softplus(−2d) − ln 2) and reduces over the last axis first, then averages: the same mean. PyTorch has no built-in log-cosh loss.',
    seeAlso: ['huber', 'meanSquaredError', 'meanAbsoluteError'],
    example: { inputs: { yTrue: [0, 0], yPred: [1, -1] }, output: 0.4337808304830271 },
  },
  viz: { domain: [-4, 4], kinks: () => [], target: 0 },
});

/**
 * Log-cosh loss: `log(cosh(yPred − yTrue))`, quadratic near the target and linear far from it,
 * computed without overflow.
 *
 * @example
 * ```ts
 * await logCosh([0, 0], [1, -1]); // 0.4337808
 * ```
 */
export const logCosh = lossFunction(logCoshSpec);

/**
 * Gradient of {@link logCosh} with respect to `yPred`: `tanh(yPred − yTrue)/n` for 'mean'.
 *
 * @example
 * ```ts
 * await logCoshGrad([0, 0], [1, -1]); // [0.3807971, -0.3807971]
 * ```
 */
export const logCoshGrad = lossGradient(logCoshSpec);
