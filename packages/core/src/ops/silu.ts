import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { sigmoid } from '../numerics.js';

/** The spec of `silu` (alias `swish`): params, reference math, docs and viz hints. */
export const siluSpec = defineActivation({
  id: 'silu',
  group: 'smooth-gated',
  params: {},
  // x·σ(x) is −∞·0 = NaN at −∞; the limit is 0 (σ decays like e^x)
  f: (x) => (x === Number.NEGATIVE_INFINITY ? 0 : x * sigmoid(x)),
  df: (x) => {
    // ∞·0 at ±∞ has the limits 1 (x → +∞) and 0 (x → −∞)
    if (x === Number.POSITIVE_INFINITY) return 1;
    if (x === Number.NEGATIVE_INFINITY) return 0;
    const s = sigmoid(x);
    // 1 − σ(x) as σ(−x), which keeps its digits for large x
    return s * (1 + x * sigmoid(-x));
  },
  docs: {
    properties: {
      range: '[≈ −0.278, ∞)',
      zeroCentred: 'roughly',
      saturates: 'left',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
    summary:
      'The sigmoid-weighted linear unit x·σ(x): the input gated by its own sigmoid; smooth, non-monotonic, unbounded above.',
    formula: 'f(x) = x\\,\\sigma(x) = \\frac{x}{1 + e^{-x}}',
    derivative: "f'(x) = \\sigma(x)\\,\\bigl(1 + x\\,(1 - \\sigma(x))\\bigr)",
    kinks:
      'Smooth everywhere. The minimum is near x ≈ −1.2785 (f ≈ −0.2785); silu(−∞) = 0 with derivative 0.',
    others:
      'Also called swish, after Ramachandran, Zoph, Le: Searching for Activation Functions (2017, https://arxiv.org/abs/1710.05941); Rectify exports the alias `swish`. PyTorch SiLU, Keras silu/swish and ONNX Swish with alpha = 1 compute the same function.',
    paper: {
      title:
        'Elfwing, Uchibe, Doya: Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning (2017)',
      url: 'https://arxiv.org/abs/1702.03118',
    },
    seeAlso: ['gelu', 'mish', 'sigmoid', 'hardSwish'],
    example: { inputs: { x: [-1, 0, 1] }, output: [-0.2689414213699951, 0, 0.7310585786300049] },
  },
  viz: { domain: [-6, 6], kinks: () => [], asymptotes: () => [0] },
});

/**
 * SiLU (swish) `x·σ(x)`: the input weighted by its own sigmoid.
 *
 * @example
 * ```ts
 * await silu([-1, 0, 1]); // [-0.26894142, 0, 0.73105858]
 * ```
 */
export const silu = activationFunction(siluSpec);

/**
 * Gradient of {@link silu}: `upstream · σ(x)·(1 + x·(1 − σ(x)))`.
 *
 * @example
 * ```ts
 * await siluGrad([0, 1]); // [0.5, 0.92767051]
 * ```
 */
export const siluGrad = activationGradient(siluSpec);

/**
 * Swish, the name Ramachandran et al. gave to {@link silu} (with β = 1): the same function.
 *
 * @example
 * ```ts
 * await swish([1]); // [0.73105858]
 * ```
 */
export const swish = silu;

/**
 * Gradient of {@link swish}, the same as {@link siluGrad}.
 *
 * @example
 * ```ts
 * await swishGrad([0]); // [0.5]
 * ```
 */
export const swishGrad = siluGrad;
