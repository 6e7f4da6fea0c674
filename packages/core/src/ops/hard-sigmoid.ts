import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { numberParam } from '../params.js';

interface Line {
  readonly alpha: number;
  readonly beta: number;
}

/**
 * `alpha·x + beta`, evaluated as `(x + beta/alpha)·alpha`. For the defaults beta/alpha is exactly 3, so
 * just above the lower clip (x ≈ −3) the cancellation happens in the exact subtraction `x + 3`, as in
 * PyTorch's `(x + 3)/6`; rounding `alpha·x` first would cost up to 1e-6 relative there.
 */
function line(x: number, p: Line): number {
  // alpha = 0: the line is flat at beta, also at ±∞ (where 0·∞ would be NaN)
  if (p.alpha === 0) return Number.isNaN(x) ? x : p.beta;
  const shift = p.beta / p.alpha;
  return Number.isFinite(shift) ? (x + shift) * p.alpha : p.alpha * x + p.beta;
}

/** The spec of `hardSigmoid`: params, reference math, docs and viz hints. */
export const hardSigmoidSpec = defineActivation({
  id: 'hardSigmoid',
  group: 'saturating',
  params: {
    alpha: numberParam(1 / 6, 'Slope of the linear part.'),
    beta: numberParam(0.5, 'Value of the linear part at x = 0.'),
  },
  // Math.min/Math.max keep NaN
  f: (x, p) => Math.max(0, Math.min(1, line(x, p))),
  df: (x, p) => {
    if (Number.isNaN(x)) return x;
    const z = line(x, p);
    return z > 0 && z < 1 ? p.alpha : 0;
  },
  docs: {
    properties: {
      range: '[0, 1]',
      zeroCentred: 'no',
      saturates: 'both',
      dyingUnits: 'high',
      trainableParams: 'none',
      cost: 'lowest',
    },
    summary:
      'Piecewise-linear stand-in for the sigmoid: the line of slope alpha through (0, beta), clipped to [0, 1].',
    formula: 'f(x) = \\max\\left(0,\\ \\min\\left(1,\\ \\alpha x + \\beta\\right)\\right)',
    derivative:
      "f'(x) = \\begin{cases} \\alpha & 0 < \\alpha x + \\beta < 1 \\\\ 0 & \\text{otherwise} \\end{cases}",
    kinks:
      'At both clipping points, x = −beta/alpha and x = (1 − beta)/alpha (−3 and 3 for the defaults), the gradient is 0, as in PyTorch.',
    others:
      'Defaults alpha = 1/6, beta = 0.5 as in PyTorch Hardsigmoid (which has no params) and Keras 3. ONNX HardSigmoid and the TensorFlow.js layers hardSigmoid activation use alpha = 0.2, beta = 0.5, as Keras 2 did.',
    seeAlso: ['sigmoid', 'hardSwish', 'hardTanh'],
    example: {
      params: { alpha: 1 / 6, beta: 0.5 },
      inputs: { x: [-4, -1, 0, 1, 4] },
      output: [0, 0.3333333333333333, 0.5, 0.6666666666666666, 1],
    },
  },
  viz: {
    domain: [-5, 5],
    kinks: (p) => (p.alpha === 0 ? [] : [-p.beta / p.alpha, (1 - p.beta) / p.alpha].sort((a, b) => a - b)),
  },
});

/**
 * Hard sigmoid: `max(0, min(1, alpha·x + beta))`, by default `x/6 + 1/2` clipped to [0, 1].
 *
 * @example
 * ```ts
 * await hardSigmoid([-4, -1, 0, 1, 4]); // [0, 0.33333334, 0.5, 0.6666667, 1]
 * ```
 */
export const hardSigmoid = activationFunction(hardSigmoidSpec);

/**
 * Gradient of {@link hardSigmoid}: `upstream · alpha` where `0 < alpha·x + beta < 1`, 0 elsewhere
 * (also at both clipping points).
 *
 * @example
 * ```ts
 * await hardSigmoidGrad([-3, 0, 3]); // [0, 0.16666667, 0]
 * await hardSigmoidGrad([-3, 0, 2], { alpha: 0.2, beta: 0.5 }); // [0, 0.2, 0.2]
 * ```
 */
export const hardSigmoidGrad = activationGradient(hardSigmoidSpec);
