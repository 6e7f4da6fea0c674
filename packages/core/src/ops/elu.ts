import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { numberParam } from '../params.js';

/** The spec of `elu`: params, reference math, docs and viz hints. */
export const eluSpec = defineActivation({
  id: 'elu',
  group: 'exponential',
  params: { alpha: numberParam(1, 'Scale of the negative branch; f tends to −alpha as x → −∞.') },
  // expm1, not exp(x) − 1, keeps full relative precision for small negative x; expm1(−∞) = −1 gives the limit −alpha
  f: (x, p) => (x > 0 ? x : p.alpha * Math.expm1(x)),
  df: (x, p) => (x > 0 ? 1 : p.alpha * Math.exp(x)),
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
      'Exponential linear unit: the identity for positive inputs and a smooth exponential that saturates at −alpha for negative ones, which pushes mean activations toward 0.',
    formula: 'f(x) = \\begin{cases} x & x > 0 \\\\ \\alpha \\left(e^{x} - 1\\right) & x \\le 0 \\end{cases}',
    derivative: "f'(x) = \\begin{cases} 1 & x > 0 \\\\ \\alpha e^{x} & x \\le 0 \\end{cases}",
    kinks:
      'At x = 0 the gradient is alpha (the left branch α·e⁰), as in PyTorch; for alpha = 1 both sides agree and f is smooth to first order.',
    others:
      'Default alpha is 1 in PyTorch, Keras and ONNX. TensorFlow.js tf.elu has no alpha (always 1), and its ELU layer refuses other values.',
    paper: {
      title:
        'Clevert, Unterthiner, Hochreiter: Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs) (2015)',
      url: 'https://arxiv.org/abs/1511.07289',
    },
    seeAlso: ['selu', 'celu', 'relu', 'leakyRelu'],
    example: { params: { alpha: 1 }, inputs: { x: [-1, 0, 1] }, output: [-0.6321205588285577, 0, 1] },
  },
  viz: {
    domain: [-4, 4],
    // with alpha = 1 the slopes match at 0, so the derivative does not jump
    kinks: (p) => (p.alpha === 1 ? [] : [0]),
    asymptotes: (p) => [-p.alpha],
  },
});

/**
 * ELU: `x` for positive inputs, `alpha·(exp(x) − 1)` otherwise (computed with `expm1`).
 *
 * @example
 * ```ts
 * await elu(tensor([-1, 0, 1], undefined, 'float64'), { alpha: 1 }); // [-0.6321205588285577, 0, 1]
 * ```
 */
export const elu = activationFunction(eluSpec);

/**
 * Gradient of {@link elu}: `upstream · (x > 0 ? 1 : alpha·exp(x))`, so alpha at x = 0.
 *
 * @example
 * ```ts
 * await eluGrad(tensor([-1, 0, 1], undefined, 'float64'), { alpha: 2 }); // [0.7357588823428847, 2, 1]
 * ```
 */
export const eluGrad = activationGradient(eluSpec);
