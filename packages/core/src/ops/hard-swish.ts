import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';

/** The spec of `hardSwish`: params, reference math, docs and viz hints. */
export const hardSwishSpec = defineActivation({
  id: 'hardSwish',
  group: 'smooth-gated',
  params: {},
  // piecewise rather than x·clip(x + 3, 0, 6)/6: that gives −∞·0 = NaN at −∞ and overflows (x·6) for huge x;
  // the middle branch keeps PyTorch's order of operations; NaN falls through to it and stays NaN
  f: (x) => (x < -3 ? 0 : x > 3 ? x : (x * (x + 3)) / 6),
  df: (x) => (x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : x > 3 ? 1 : Number.NaN),
  docs: {
    properties: {
      range: '[−0.375, ∞)',
      zeroCentred: 'roughly',
      saturates: 'left',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'low',
    },
    summary:
      'x times hardSigmoid(x): a piecewise-quadratic stand-in for swish (SiLU) that needs no exponential, from MobileNetV3.',
    formula: 'f(x) = x \\cdot \\frac{\\min\\left(\\max(0,\\ x + 3),\\ 6\\right)}{6}',
    derivative:
      "f'(x) = \\begin{cases} 0 & x < -3 \\\\ \\frac{x}{3} + \\frac{1}{2} & -3 \\le x \\le 3 \\\\ 1 & x > 3 \\end{cases}",
    kinks:
      'The gradient jumps at x = −3 (from 0 to −0.5) and at x = 3 (from 1.5 to 1); at both points it takes the middle branch, −0.5 at x = −3 and 1.5 at x = 3, as in PyTorch.',
    others:
      'PyTorch Hardswish and ONNX HardSwish (opset 14) compute the same function; Keras 3 calls it hard_silu (alias hard_swish).',
    paper: {
      title: 'Howard et al.: Searching for MobileNetV3 (2019)',
      url: 'https://arxiv.org/abs/1905.02244',
    },
    seeAlso: ['hardSigmoid', 'silu', 'relu6'],
    example: { inputs: { x: [-4, -1, 0, 1, 4] }, output: [0, -0.3333333333333333, 0, 0.6666666666666666, 4] },
  },
  viz: { domain: [-5, 5], kinks: () => [-3, 3] },
});

/**
 * Hard swish: `x·min(max(0, x + 3), 6)/6`, 0 below −3 and the identity above 3.
 *
 * @example
 * ```ts
 * await hardSwish([-4, -1, 0, 1, 4]); // [0, -0.33333334, 0, 0.6666667, 4]
 * ```
 */
export const hardSwish = activationFunction(hardSwishSpec);

/**
 * Gradient of {@link hardSwish}: `upstream · (x < −3 ? 0 : x ≤ 3 ? x/3 + 1/2 : 1)`.
 *
 * @example
 * ```ts
 * await hardSwishGrad([-4, -3, 0, 3, 4]); // [0, -0.5, 0.5, 1.5, 1]
 * ```
 */
export const hardSwishGrad = activationGradient(hardSwishSpec);
