import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { normalCdf, normalPdf, sigmoid } from '../numerics.js';
import { enumParam } from '../params.js';

const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π)
const KAPPA = 0.044715;

/** u = √(2/π)·(x + 0.044715·x³), the argument of tanh in the tanh approximation. */
function tanhArgument(x: number): number {
  return SQRT_2_OVER_PI * (x + KAPPA * x * x * x);
}

/** The spec of `gelu`: params, reference math, docs and viz hints. */
export const geluSpec = defineActivation({
  id: 'gelu',
  group: 'smooth-gated',
  params: {
    approximate: enumParam(
      ['none', 'tanh'],
      'none',
      "'none': the exact x·Φ(x); 'tanh': the tanh approximation of Hendrycks and Gimpel.",
    ),
  },
  f: (x, p) => {
    // 0.5·(1 + tanh(u)) is σ(2u): the same value without the cancellation of 1 + tanh(u) for u ≪ 0.
    // Φ(x) comes from erfc, which stays accurate in the left tail where 1 + erf(x/√2) cancels.
    const gate = p.approximate === 'tanh' ? sigmoid(2 * tanhArgument(x)) : normalCdf(x);
    // at −∞ the gate is 0 and x·gate is −∞·0; the limit is 0
    return gate === 0 ? 0 : x * gate;
  },
  df: (x, p) => {
    if (p.approximate === 'tanh') {
      // PyTorch's tanh-form backward 0.5(1 + tanh u) + 0.5x·(1 − tanh²u)·u'(x), rewritten with
      // s = σ(2u): 1 + tanh u = 2s and 1 − tanh²u = 4·s·σ(−2u), neither of which cancels
      const u = tanhArgument(x);
      const s = sigmoid(2 * u);
      const bell = s * sigmoid(-2 * u);
      // bell is 0 for large |x|, where x³ may have overflowed; the term's limit is 0
      return bell === 0 ? s : s + 2 * x * bell * SQRT_2_OVER_PI * (1 + 3 * KAPPA * x * x);
    }
    const density = normalPdf(x);
    // x·φ(x) is ±∞·0 at ±∞; the limit is 0
    return density === 0 ? normalCdf(x) : normalCdf(x) + x * density;
  },
  docs: {
    properties: {
      range: '[≈ −0.170, ∞)',
      zeroCentred: 'roughly',
      saturates: 'left',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'high',
    },
    summary:
      'The Gaussian error linear unit x·Φ(x): the input weighted by the probability that a standard normal variable is below it.',
    formula:
      "f(x) = x\\,\\Phi(x) = \\frac{x}{2}\\left(1 + \\operatorname{erf}\\frac{x}{\\sqrt 2}\\right); \\text{ 'tanh': } \\frac{x}{2}\\left(1 + \\tanh\\left(\\sqrt{2/\\pi}\\,(x + 0.044715\\,x^3)\\right)\\right)",
    derivative:
      "f'(x) = \\Phi(x) + x\\,\\varphi(x),\\ \\varphi(x) = \\frac{e^{-x^2/2}}{\\sqrt{2\\pi}}; \\text{ 'tanh': } \\frac{1 + \\tanh u}{2} + \\frac{x}{2}\\left(1 - \\tanh^2 u\\right)\\sqrt{2/\\pi}\\,(1 + 0.134145\\,x^2)",
    kinks:
      'Smooth everywhere (both forms). gelu(−∞) = 0 with derivative 0; gelu(+∞) = +∞ with derivative 1. The exact form keeps relative accuracy in the far left tail (Φ from erfc).',
    others:
      "Keras 3 keras.activations.gelu defaults to approximate=True (the tanh form); PyTorch defaults to approximate='none' like Rectify, and ONNX Gelu's approximate attribute defaults to 'none'.",
    paper: {
      title: 'Hendrycks, Gimpel: Gaussian Error Linear Units (GELUs) (2016)',
      url: 'https://arxiv.org/abs/1606.08415',
    },
    seeAlso: ['silu', 'mish', 'relu', 'elu'],
    example: {
      params: { approximate: 'none' },
      inputs: { x: [-1, 0, 1] },
      output: [-0.15865525393145705, 0, 0.8413447460685429],
    },
  },
  viz: { domain: [-4, 4], kinks: () => [], asymptotes: () => [0] },
});

/**
 * GELU `x·Φ(x)` (Φ the standard normal CDF), or with `approximate: 'tanh'` the tanh approximation
 * `0.5x·(1 + tanh(√(2/π)·(x + 0.044715x³)))`.
 *
 * @example
 * ```ts
 * await gelu([-1, 0, 1]); // [-0.15865525, 0, 0.84134475]
 * await gelu([1], { approximate: 'tanh' }); // [0.84119199]
 * ```
 */
export const gelu = activationFunction(geluSpec);

/**
 * Gradient of {@link gelu}: `upstream · (Φ(x) + x·φ(x))`, or the exact derivative of the tanh form with
 * `approximate: 'tanh'` (PyTorch's formula).
 *
 * @example
 * ```ts
 * await geluGrad([0, 1]); // [0.5, 1.08331547]
 * ```
 */
export const geluGrad = activationGradient(geluSpec);
