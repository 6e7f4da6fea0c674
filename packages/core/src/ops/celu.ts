import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { numberParam } from '../params.js';

/** The spec of `celu`: params, reference math, docs and viz hints. */
export const celuSpec = defineActivation({
  id: 'celu',
  group: 'exponential',
  params: {
    alpha: numberParam(1, 'Scale of the negative branch (not 0); f tends to −alpha as x → −∞ for alpha > 0.'),
  },
  checkParams: (p) => (p.alpha === 0 ? 'param "alpha" must not be 0 (celu divides x by it)' : undefined),
  // for x ≤ 0 (and either sign of alpha) this is the catalog's max(0, x) + min(0, alpha·(exp(x/alpha) − 1));
  // expm1 keeps full relative precision near 0
  f: (x, p) => (x > 0 ? x : p.alpha * Math.expm1(x / p.alpha)),
  df: (x, p) => (x > 0 ? 1 : Math.exp(x / p.alpha)),
  docs: {
    properties: {
      range: '(−α, ∞)',
      zeroCentred: 'roughly',
      saturates: 'left',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
    summary:
      'Continuously differentiable ELU: the negative branch is stretched by alpha so that the slope at 0 is 1 for every alpha.',
    formula: 'f(x) = \\max(0, x) + \\min\\left(0,\\ \\alpha \\left(e^{x/\\alpha} - 1\\right)\\right)',
    derivative: "f'(x) = \\begin{cases} 1 & x > 0 \\\\ e^{x/\\alpha} & x \\le 0 \\end{cases}",
    kinks:
      'None in the gradient: both sides have slope 1 at x = 0, where the gradient is e⁰ = 1 (the left branch, as in PyTorch). alpha = 0 is refused.',
    others: 'PyTorch CELU and ONNX Celu (opset 12) also default alpha to 1. With alpha = 1 celu equals elu.',
    paper: {
      title: 'Barron: Continuously Differentiable Exponential Linear Units (2017)',
      url: 'https://arxiv.org/abs/1704.07483',
    },
    seeAlso: ['elu', 'selu'],
    example: { params: { alpha: 2 }, inputs: { x: [-2, 0, 1] }, output: [-1.2642411176571153, 0, 1] },
  },
  viz: {
    domain: [-4, 4],
    kinks: () => [],
    // for a negative alpha the left branch falls to −∞ instead
    asymptotes: (p) => (p.alpha > 0 ? [-p.alpha] : []),
  },
});

/**
 * CELU: `x` for positive inputs, `alpha·(exp(x/alpha) − 1)` otherwise (computed with `expm1`).
 *
 * @example
 * ```ts
 * await celu(tensor([-2, 0, 1], undefined, 'float64'), { alpha: 2 }); // [-1.2642411176571153, 0, 1]
 * ```
 */
export const celu = activationFunction(celuSpec);

/**
 * Gradient of {@link celu}: `upstream · (x > 0 ? 1 : exp(x/alpha))`, so 1 at x = 0.
 *
 * @example
 * ```ts
 * await celuGrad(tensor([-2, 0, 1], undefined, 'float64'), { alpha: 2 }); // [0.36787944117144233, 1, 1]
 * ```
 */
export const celuGrad = activationGradient(celuSpec);
