import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';

/** SELU's alpha, from Klambauer et al. (the double nearest to 1.6732632423543772848…). */
export const SELU_ALPHA = 1.6732632423543772;
/** SELU's scale λ, from Klambauer et al. (the double nearest to 1.0507009873554804934…). */
export const SELU_SCALE = 1.0507009873554805;
// one product, as PyTorch forms its negative coefficient, so float64 results agree to the last bits
const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

/** The spec of `selu`: params, reference math, docs and viz hints. */
export const seluSpec = defineActivation({
  id: 'selu',
  group: 'exponential',
  params: {},
  // expm1 keeps small negative inputs exact in relative terms; expm1(−∞) = −1 gives the limit −λα
  f: (x) => (x > 0 ? SELU_SCALE * x : SCALE_ALPHA * Math.expm1(x)),
  df: (x) => (x > 0 ? SELU_SCALE : SCALE_ALPHA * Math.exp(x)),
  docs: {
    properties: {
      range: '(−λα, ∞) ≈ (−1.758, ∞)',
      zeroCentred: 'yes',
      saturates: 'left',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
    summary:
      'Scaled ELU with two fixed constants chosen so that activations of deep fully connected networks self-normalize toward zero mean and unit variance.',
    formula:
      'f(x) = \\lambda \\begin{cases} x & x > 0 \\\\ \\alpha \\left(e^{x} - 1\\right) & x \\le 0 \\end{cases},\\quad \\alpha = 1.6732632423543772,\\ \\lambda = 1.0507009873554805',
    derivative: "f'(x) = \\begin{cases} \\lambda & x > 0 \\\\ \\lambda \\alpha e^{x} & x \\le 0 \\end{cases}",
    kinks:
      'At x = 0 the gradient is λα ≈ 1.7580993 (the left branch), as in PyTorch; the slope on the right is λ ≈ 1.0507010.',
    others:
      'PyTorch, TensorFlow.js and Keras use the same constants. ONNX Selu makes them attributes (alpha, gamma) whose defaults are their float32 roundings 1.67326319217681884765625 and 1.05070102214813232421875.',
    paper: {
      title: 'Klambauer, Unterthiner, Mayr, Hochreiter: Self-Normalizing Neural Networks (2017)',
      url: 'https://arxiv.org/abs/1706.02515',
    },
    seeAlso: ['elu', 'celu'],
    example: { inputs: { x: [-1, 0, 1] }, output: [-1.1113307378125628, 0, 1.0507009873554805] },
  },
  viz: { domain: [-4, 4], kinks: () => [0], asymptotes: () => [-SCALE_ALPHA] },
});

/**
 * SELU: `λ·x` for positive inputs, `λ·α·(exp(x) − 1)` otherwise, with SELU's fixed α and λ.
 *
 * @example
 * ```ts
 * await selu(tensor([-1, 0, 1], undefined, 'float64')); // [-1.1113307378125628, 0, 1.0507009873554805]
 * ```
 */
export const selu = activationFunction(seluSpec);

/**
 * Gradient of {@link selu}: `upstream · (x > 0 ? λ : λ·α·exp(x))`, so λα at x = 0.
 *
 * @example
 * ```ts
 * await seluGrad(tensor([-1, 0, 1], undefined, 'float64')); // [0.6467686030348141, 1.7580993408473766, 1.0507009873554805]
 * ```
 */
export const seluGrad = activationGradient(seluSpec);
