import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { log1pExp, sigmoid } from '../numerics.js';

/** The spec of `logSigmoid`: params, reference math, docs and viz hints. */
export const logSigmoidSpec = defineActivation({
  id: 'logSigmoid',
  group: 'saturating',
  params: {},
  // log(σ(x)) would underflow to log(0) = −∞ for x ≲ −745; −softplus(−x) stays finite and exact
  f: (x) => -log1pExp(-x),
  // 1 − σ(x) is σ(−x), which keeps its digits where 1 − σ(x) would cancel
  df: (x) => sigmoid(-x),
  docs: {
    properties: {
      range: '(−∞, 0)',
      zeroCentred: 'no',
      saturates: 'right',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
    summary:
      'The logarithm of the sigmoid, computed stably as −softplus(−x); the log-probability of a binary outcome.',
    formula: 'f(x) = \\log \\sigma(x) = -\\log\\left(1 + e^{-x}\\right)',
    derivative: "f'(x) = 1 - \\sigma(x) = \\sigma(-x)",
    kinks: 'Smooth everywhere. logSigmoid(−∞) = −∞ and logSigmoid(+∞) = 0, with no overflow in between.',
    seeAlso: ['sigmoid', 'softplus', 'logSoftmax', 'binaryCrossentropy'],
    example: {
      inputs: { x: [-1, 0, 1] },
      output: [-1.3132616875182228, -Math.LN2, -0.3132616875182228],
    },
  },
  viz: { domain: [-6, 6], kinks: () => [], asymptotes: () => [0] },
});

/**
 * Log-sigmoid `log(1/(1 + e^(−x)))`, computed as `−softplus(−x)` so that it neither overflows nor
 * loses digits for large |x|.
 *
 * @example
 * ```ts
 * await logSigmoid([-1, 0, 1]); // [-1.3132617, -0.6931472, -0.3132617]
 * ```
 */
export const logSigmoid = activationFunction(logSigmoidSpec);

/**
 * Gradient of {@link logSigmoid}: `upstream · σ(−x)` (that is, `1 − σ(x)`).
 *
 * @example
 * ```ts
 * await logSigmoidGrad([-1, 0, 1]); // [0.73105858, 0.5, 0.26894142]
 * ```
 */
export const logSigmoidGrad = activationGradient(logSigmoidSpec);
